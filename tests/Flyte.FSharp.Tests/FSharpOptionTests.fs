module Flyte.FSharp.Tests.FSharpOptionTests

open Expecto
open Flyte
open Flyte.FSharp
open Flyte.FSharp.Tests.Support
open Xunit

let intVariant = intType.WithTag "int"
let noneVariant = LiteralType.Of(SimpleType.None).WithTag "none"

[<Tests>]
let tests =
    testList "FSharpOption" [
        testCase "an int option is the union of int and none, named Typed Union" <| fun () ->
            Assert.Equal(LiteralType.UnionOf(intVariant, noneVariant), TypeEngine.literalTypeOf<int option> engine)
            Assert.Equal("Typed Union", (TypeEngine.get<int option> engine).Name)

        testCase "Some 3 is a union value of the integer 3 tagged int" <| fun () ->
            Assert.Equal(Literal(Union(int 3L, intVariant)), toLiteral (Some 3))

        testCase "None is a union value of Void tagged none" <| fun () ->
            Assert.Equal(Literal(Union(Literal(Void.Instance), noneVariant)), toLiteral (None: int option))

        testCase "None passed untyped as null is still None" <| fun () ->
            let literal = engine.ToLiteralAsync(null, typeof<int option>).AsTask().Result
            Assert.Equal(Literal(Union(Literal(Void.Instance), noneVariant)), literal)

        testCase "a bare integer reads as Some, the unwrapped shape propeller sends" <| fun () ->
            Assert.Equal(Some 7, toValue<int option> (int 7L))

        testCase "a bare Void reads as None, the shape of a default None" <| fun () ->
            Assert.Equal(None, toValue<int option> (Literal(Void.Instance)))
            Assert.Equal(ValueNone, toValue<int voption> (Literal(Void.Instance)))

        testCase "the msgpack nil binary propeller sends for a None record field reads as None" <| fun () ->
            let nil = Literal(Binary(Bytes.CopyFrom [| 0xc0uy |], Binary.MessagePackTag))
            Assert.Equal(None, toValue<int option> nil)
            Assert.Equal(ValueNone, toValue<string voption> nil)
            Assert.Equal(Some 5, toValue<int option> (Literal(Binary(Bytes.CopyFrom [| 0x05uy |], Binary.MessagePackTag))))

        testCase "a value option is written exactly like an option" <| fun () ->
            Assert.Equal(toLiteral (Some "x"), toLiteral (ValueSome "x"))
            Assert.Equal(toLiteral (None: string option), toLiteral (ValueNone: string voption))

        testCase "a union value with a foreign tag is an error naming the known tags" <| fun () ->
            let error = raisesTransformerError (fun () -> toValue<int option> (Literal(Union(str "x", stringType.WithTag "str"))))
            Assert.Contains("\"int\"", error.Message)
            Assert.Contains("\"none\"", error.Message)

        testPropertyWithConfig config "int options round-trip" <| roundTripProperty<int option> ()
        testPropertyWithConfig config "string value options round-trip" <| roundTripProperty<string voption> ()
        testPropertyWithConfig config "options of options round-trip" <| roundTripProperty<int option option> ()
        testPropertyWithConfig config "maps of optional int lists round-trip" <| roundTripProperty<Map<string, int list option>> ()
    ]
