module Flyte.FSharp.Tests.EncodeTests

open Expecto
open Flyte.FSharp.Json
open Xunit

[<Tests>]
let tests =
    testList "Encode" [
        testCase "an object keeps its fields in order" <| fun () ->
            let json = Encode.object [ "x", Encode.float 1.5; "name", Encode.string "a"; "n", Encode.int 3; "ok", Encode.bool true ]
            Assert.Equal("""{"x":1.5,"name":"a","n":3,"ok":true}""", Encode.toString 0 json)

        testCase "None and nil are JSON null" <| fun () ->
            Assert.Equal("""{"a":null,"b":2}""", Encode.toString 0 (Encode.object [ "a", Encode.option Encode.int None; "b", Encode.option Encode.int (Some 2) ]))
            Assert.Equal("null", Encode.toString 0 Encode.nil)

        testCase "lists, dicts and pairs nest" <| fun () ->
            let json = Encode.object [ "xs", Encode.list [ Encode.int 1; Encode.int 2 ]; "m", Encode.dict Encode.float (Map [ "k", 0.5 ]); "p", Encode.tuple2 Encode.string Encode.int ("a", 1) ]
            Assert.Equal("""{"xs":[1,2],"m":{"k":0.5},"p":["a",1]}""", Encode.toString 0 json)

        testCase "a float without a JSON form is refused" <| fun () ->
            Assert.Throws<System.ArgumentException>(fun () -> Encode.float nan |> ignore) |> ignore
    ]
