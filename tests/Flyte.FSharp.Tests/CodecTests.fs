module Flyte.FSharp.Tests.CodecTests

open Expecto
open FsCheck.FSharp
open Flyte
open Flyte.FSharp
open Flyte.FSharp.Json
open Flyte.FSharp.Tests.Support
open Xunit

/// Seed 003's Coordinate: x, y and a metadata dict of floats.
type Coordinate = { x: float; y: float; metadata: Map<string, float> }

module Coordinate =
    let encode (c: Coordinate) = Encode.object [ "x", Encode.float c.x; "y", Encode.float c.y; "metadata", Encode.dict Encode.float c.metadata ]

    let decode =
        Decode.map3 (fun x y metadata -> { x = x; y = y; metadata = metadata })
            (Decode.field "x" Decode.float) (Decode.field "y" Decode.float) (Decode.field "metadata" (Decode.dict Decode.float))

    let transformer = Transformer.ofCodec "Coordinate" encode decode

let coordinates = TypeEngine.Default |> TypeEngine.add Coordinate.transformer

let private toLit value = (TypeEngine.toLiteral coordinates value).Result
let private ofLit<'T> literal = (TypeEngine.toValue<'T> coordinates literal).Result

[<Tests>]
let tests =
    testList "Codec" [
        testCase "a codec type is a msgpack STRUCT of its JSON" <| fun () ->
            let literal = toLit { x = 1.0; y = 2.0; metadata = Map [ "w", 0.5 ] }
            match literal.Value with
            | :? Binary as b ->
                Assert.Equal("msgpack", b.Tag)
                // Floats stay float64 (as flytekit writes float fields) even when whole.
                let m (s: string) = Flyte.MessagePack.MessagePackValue.op_Implicit s
                let f (d: float) = Flyte.MessagePack.MessagePackValue.op_Implicit d
                let expected =
                    Flyte.MessagePack.MessagePackValue.MapOf(
                        struct (m "x", f 1.0), struct (m "y", f 2.0),
                        struct (m "metadata", Flyte.MessagePack.MessagePackValue.MapOf(struct (m "w", f 0.5)) :> Flyte.MessagePack.MessagePackValue))
                Assert.Equal<byte array>(expected.Encode(), b.Value.ToArray())
            | other -> failwithf "expected msgpack, found %O" other
            Assert.Equal(SimpleType.Struct, (coordinates.LiteralTypeOf<Coordinate>().Type :?> TypeKind.Simple).Type)

        testCase "a list of coordinates is a collection of codec literals" <| fun () ->
            let values = [ { x = 1.0; y = 2.0; metadata = Map.empty }; { x = -3.0; y = 4.5; metadata = Map [ "a", 1.0 ] } ]
            Assert.Equal<Coordinate list>(values, ofLit<Coordinate list> (toLit values))

        testCase "a Struct literal as the console sends is read" <| fun () ->
            let s = Struct.Of(struct ("x", StructValue.op_Implicit 1.0), struct ("y", StructValue.op_Implicit 2.0), struct ("metadata", StructValue.op_Implicit Struct.Empty))
            Assert.Equal({ x = 1.0; y = 2.0; metadata = Map.empty }, ofLit<Coordinate> (Literal(Generic s)))

        testCase "a decoder error becomes a transformer error at the JSON path" <| fun () ->
            let s = Struct.Of(struct ("x", StructValue.op_Implicit 1.0), struct ("y", StructValue.op_Implicit "north"), struct ("metadata", StructValue.op_Implicit Struct.Empty))
            let error = raisesTransformerError (fun () -> (coordinates.ToValueAsync<Coordinate>(Literal(Generic s))).AsTask().GetAwaiter().GetResult())
            Assert.Equal("y", error.Path)

        testPropertyWithConfig config "coordinates round-trip" (
            let finite = arbitraries.ArbFor<Coordinate>() |> Arb.filter (fun c -> System.Double.IsFinite c.x && System.Double.IsFinite c.y && c.metadata.Values |> Seq.forall System.Double.IsFinite)
            Prop.forAll finite (fun c -> ofLit<Coordinate> (toLit c) = c))
    ]
