module Flyte.FSharp.Tests.EncodeTests

open Flyte.FSharp.Json
open Xunit

[<Fact>]
let ``an object keeps its fields in order`` () =
    let json = Encode.object [ "x", Encode.float 1.5; "name", Encode.string "a"; "n", Encode.int 3; "ok", Encode.bool true ]
    Assert.Equal("""{"x":1.5,"name":"a","n":3,"ok":true}""", Encode.toString 0 json)

[<Fact>]
let ``None and nil are JSON null`` () =
    Assert.Equal("""{"a":null,"b":2}""", Encode.toString 0 (Encode.object [ "a", Encode.option Encode.int None; "b", Encode.option Encode.int (Some 2) ]))
    Assert.Equal("null", Encode.toString 0 Encode.nil)

[<Fact>]
let ``lists, dicts and pairs nest`` () =
    let json = Encode.object [ "xs", Encode.list [ Encode.int 1; Encode.int 2 ]; "m", Encode.dict Encode.float (Map [ "k", 0.5 ]); "p", Encode.tuple2 Encode.string Encode.int ("a", 1) ]
    Assert.Equal("""{"xs":[1,2],"m":{"k":0.5},"p":["a",1]}""", Encode.toString 0 json)

[<Fact>]
let ``a float without a JSON form is refused`` () =
    Assert.Throws<System.ArgumentException>(fun () -> Encode.float nan |> ignore) |> ignore
