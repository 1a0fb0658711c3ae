module Flyte.FSharp.Tests.TypeEngineTests

open Expecto
open Flyte
open Flyte.FSharp
open Flyte.FSharp.Tests.Support
open Xunit

type Light =
    | Red
    | Green

let answer () = 42

[<Tests>]
let tests =
    testList "TypeEngine" [
        testCase "the F# default engine is Core's default with the F# families in front" <| fun () ->
            Assert.IsType<FSharpListTransformer<int>>(TypeEngine.get<int list> TypeEngine.Default) |> ignore
            // Core alone sees an F# list as nothing it knows (it is not one of Core's exact collection shapes).
            Assert.Throws<Flyte.Types.TypeTransformerException>(fun () -> Flyte.Types.TypeEngine.Default.Get<int list>() |> ignore) |> ignore

        testCase "TypeEngine.Default is the one engine every F# entry point defaults to" <| fun () ->
            Assert.Same(TypeEngine.Default, Local.options.Engine)
            Assert.Same(TypeEngine.Default, (Task.define <@ answer @>).Engine)

        testCase "added transformers win over the families" <| fun () ->
            let custom = Transformer.create<int list> "custom" (LiteralType.Of SimpleType.String) (fun xs -> str (string xs.Length)) (fun _ -> [])
            let engine = TypeEngine.Default |> TypeEngine.add custom
            Assert.Equal(str "2", (TypeEngine.toLiteral engine [ 1; 2 ]).Result)

        testCase "pipelines over the engine need no type annotations" <| fun () ->
            // This test is mostly checked by the compiler: none of these bindings is annotated.
            let engine = TypeEngine.Default |> TypeEngine.add (Transformer.create "light" (LiteralType.Of SimpleType.String) (fun l -> str (if l = Red then "red" else "green")) (fun _ -> Green))
            let literal = Red |> TypeEngine.toLiteral engine
            let back = literal.Result |> TypeEngine.toValue<Light> engine
            Assert.Equal(str "red", literal.Result)
            Assert.Equal(Green, back.Result)
            let decoder = Json.Decode.map2 (fun a b -> a, b) (Json.Decode.field "a" Json.Decode.int) (Json.Decode.field "b" Json.Decode.string)
            Assert.Equal(Ok(1, "x"), Json.Decode.fromString decoder """{"a":1,"b":"x"}""")
    ]
