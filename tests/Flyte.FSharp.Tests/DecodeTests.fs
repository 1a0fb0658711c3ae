module Flyte.FSharp.Tests.DecodeTests

open Expecto
open FsCheck.FSharp
open Flyte.FSharp.Json
open Flyte.FSharp.Tests.Support
open Xunit

type InferenceRequest = { feature_a: float; feature_b: float }
type BatchRequest = { requests: InferenceRequest list; batch_id: string }

let request = Decode.map2 (fun a b -> { feature_a = a; feature_b = b }) (Decode.field "feature_a" Decode.float) (Decode.field "feature_b" Decode.float)
let batch = Decode.map2 (fun rs id -> { requests = rs; batch_id = id }) (Decode.field "requests" (Decode.list request)) (Decode.field "batch_id" Decode.string)

let private errorOf result =
    match result with
    | Error (e: DecoderError) -> e
    | Ok v -> failwithf "expected an error, decoded %A" v

[<Tests>]
let tests =
    testList "Decode" [
        testCase "the seed's batch request decodes" <| fun () ->
            let json = """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "test_batch"}"""
            Assert.Equal(Ok { requests = [ { feature_a = 1.0; feature_b = 2.0 }; { feature_a = 3.0; feature_b = 4.0 } ]; batch_id = "test_batch" }, Decode.fromString batch json)

        testCase "a mistyped value deep inside is reported at its JSON path" <| fun () ->
            let e = Decode.fromString batch """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": "x", "feature_b": 4}], "batch_id": "b"}""" |> errorOf
            Assert.Equal("$.requests[1].feature_a", e.Path)
            Assert.Equal("a number", e.Expected)
            Assert.Equal("\"x\"", e.Found)

        testCase "a missing field is reported at the field's path" <| fun () ->
            let e = Decode.fromString batch """{"requests": []}""" |> errorOf
            Assert.Equal("$.batch_id", e.Path)
            Assert.Contains("missing", e.Found)

        testCase "oneOf takes the first decoder that fits and otherwise lists what each expected" <| fun () ->
            let intOrString = Decode.oneOf [ Decode.int |> Decode.map string; Decode.string ]
            Assert.Equal(Ok "3", Decode.fromString intOrString "3")
            Assert.Equal(Ok "x", Decode.fromString intOrString "\"x\"")
            let e = Decode.fromString intOrString "true" |> errorOf
            Assert.Contains("an integer (int32)", e.Expected)
            Assert.Contains("a string", e.Expected)

        testCase "andThen chooses the decoder from a discriminator" <| fun () ->
            let shape =
                Decode.field "kind" Decode.string
                |> Decode.andThen (function
                    | "circle" -> Decode.field "r" Decode.float |> Decode.map (fun r -> $"circle {r}")
                    | other -> Decode.fail $"a known kind (got {other})")
            Assert.Equal(Ok "circle 2", Decode.fromString shape """{"kind":"circle","r":2}""")
            Assert.Equal("$", (Decode.fromString shape """{"kind":"square"}""" |> errorOf).Path)

        testCase "optional fields, options, dicts, at and index" <| fun () ->
            Assert.Equal(Ok None, Decode.fromString (Decode.optionalField "a" Decode.int) "{}")
            Assert.Equal(Ok(Some 1), Decode.fromString (Decode.optionalField "a" Decode.int) """{"a":1}""")
            Assert.Equal(Ok [ None; Some 2 ], Decode.fromString (Decode.list (Decode.option Decode.int)) "[null,2]")
            Assert.Equal(Ok(Map [ "a", 1; "b", 2 ]), Decode.fromString (Decode.dict Decode.int) """{"a":1,"b":2}""")
            Assert.Equal(Ok 5, Decode.fromString (Decode.at [ "a"; "b" ] (Decode.index 1 Decode.int)) """{"a":{"b":[4,5]}}""")
            Assert.Equal("$.a.b[1]", (Decode.fromString (Decode.at [ "a"; "b" ] (Decode.index 1 Decode.bool)) """{"a":{"b":[4,5]}}""" |> errorOf).Path)

        testCase "malformed JSON is an error at the root" <| fun () ->
            Assert.Equal("$", (Decode.fromString Decode.int "{" |> errorOf).Path)

        testCase "map8 combines eight fields" <| fun () ->
            let f name = Decode.field name Decode.int
            let d = Decode.map8 (fun a b c d e g h i -> [ a; b; c; d; e; g; h; i ]) (f "a") (f "b") (f "c") (f "d") (f "e") (f "g") (f "h") (f "i")
            Assert.Equal(Ok [ 1 .. 8 ], Decode.fromString d """{"a":1,"b":2,"c":3,"d":4,"e":5,"g":6,"h":7,"i":8}""")

        testPropertyWithConfig config "encoding then decoding a list of optional strings is the identity" <|
            FsCheck.FSharp.Prop.forAll (arbitraries.ArbFor<string option list>()) (fun values ->
                let json = values |> List.map (Encode.option Encode.string) |> Encode.list |> Encode.toString 0
                Decode.fromString (Decode.list (Decode.option Decode.string)) json = Ok values)
    ]
