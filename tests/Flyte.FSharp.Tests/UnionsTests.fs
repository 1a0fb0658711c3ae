module Flyte.FSharp.Tests.UnionsTests

open Expecto
open Flyte
open Flyte.FSharp
open Flyte.FSharp.Tests.Support
open Flyte.Types
open Xunit
open FsCheck
open FsCheck.FSharp
open Flyte.Testing

type Shape =
    | Circle of radius: float
    | Rectangle of width: float * height: float
    | Dot

/// Version 2 of Shape: Circle renamed to Round, keeping its tag; cases reordered.
type ShapeV2 =
    | Dot
    | [<FlyteTag("Circle")>] Round of radius: float
    | Rectangle of width: float * height: float

/// Version 3: the tag itself changed to "round", with the old tag still read.
type ShapeV3 =
    | [<FlyteTag("round", Aliases = [| "Circle" |])>] Round of radius: float
    | Rectangle of width: float * height: float
    | Dot

type Tree =
    | Leaf of int
    | Node of Tree list

type Event =
    | Created of id: int64 * name: string * tags: Set<string>
    | Moved of id: int64 * from: Shape option * target: Shape
    | Deleted of id: int64 * reason: string option

let private variant tag (fields: (string * LiteralType) list) =
    LiteralType(TypeKind.Simple SimpleType.Struct, Structure = TypeStructure(tag, ValueMap.Of(fields |> List.map (fun (k, v) -> struct (k, v)) |> Array.ofList)))

let private union (literal: Literal) =
    match literal.Value with
    | :? Union as u -> u
    | other -> failwithf "expected a union, found %O" other

type Point = { x: float; y: float }

type Figure =
    | Polygon of corners: Point list
    | Labelled of label: string * at: Point

type Drawing = { name: string; figures: Figure list; highlight: Figure option }

// --- Choice: flytekit's Union of simple types (facts: flytekit's UnionTransformer) ------------------------------------

type ChoiceHolder = { value: Choice<int64, string> }

[<Tests>]
let tests =
    testList "Unions" [
        testCase "each case is a STRUCT variant tagged with the case name and typed by its fields" <| fun () ->
            let floatType = LiteralType.Of SimpleType.Float
            let expected =
                LiteralType.UnionOf(
                    variant "Circle" [ "radius", floatType ],
                    variant "Rectangle" [ "width", floatType; "height", floatType ],
                    variant "Dot" [])
            Assert.Equal(expected, TypeEngine.literalTypeOf<Shape> engine)

        testCase "a value is a union of its case's msgpack payload typed with the case's variant" <| fun () ->
            let u = toLiteral (Shape.Circle 1.5) |> union
            Assert.Equal("Circle", tagOf u)
            match u.Value.Value with
            | :? Binary as b ->
                Assert.Equal("msgpack", b.Tag)
                // {"$tag": "Circle", "radius": 1.5}: field values as flytekit writes dataclass fields (float64 always).
                let expected =
                    Flyte.MessagePack.MessagePackValue.MapOf(
                        struct (Flyte.MessagePack.MessagePackValue.op_Implicit "$tag", Flyte.MessagePack.MessagePackValue.op_Implicit "Circle"),
                        struct (Flyte.MessagePack.MessagePackValue.op_Implicit "radius", Flyte.MessagePack.MessagePackValue.op_Implicit 1.5))
                Assert.Equal<byte array>(expected.Encode(), b.Value.ToArray())
            | other -> failwithf "expected msgpack, found %O" other

        testCase "a fieldless case is a payload holding only its tag" <| fun () ->
            let u = toLiteral Shape.Dot |> union
            Assert.Equal("Dot", tagOf u)
            Assert.Equal(Shape.Dot, toValue<Shape> (Literal u))

        testCase "a case renamed with FlyteTag reads data written under the old name" <| fun () ->
            let old = toLiteral (Shape.Circle 2.0)
            Assert.Equal(ShapeV2.Round 2.0, toValue<ShapeV2> old)
            Assert.Equal("Circle", (toLiteral (ShapeV2.Round 2.0) |> union |> tagOf))

        testCase "reordering cases does not change what a tag reads as" <| fun () ->
            Assert.Equal(ShapeV2.Rectangle(1.0, 2.0), toValue<ShapeV2> (toLiteral (Shape.Rectangle(1.0, 2.0))))
            Assert.Equal(ShapeV2.Dot, toValue<ShapeV2> (toLiteral Shape.Dot))

        testCase "a re-tagged case writes its new tag and still reads its aliases" <| fun () ->
            Assert.Equal("round", (toLiteral (ShapeV3.Round 1.0) |> union |> tagOf))
            Assert.Equal(ShapeV3.Round 3.0, toValue<ShapeV3> (toLiteral (Shape.Circle 3.0)))

        testCase "an unknown tag is an error listing the known tags" <| fun () ->
            let payload = Flyte.MessagePack.MessagePackValue.MapOf(struct (Flyte.MessagePack.MessagePackValue.op_Implicit "$tag", Flyte.MessagePack.MessagePackValue.op_Implicit "Triangle"))
            let foreign = Literal(Union(Literal(Binary(Bytes.Wrap(payload.Encode()), "msgpack")), variant "Triangle" []))
            let error = raisesTransformerError (fun () -> toValue<Shape> foreign)
            Assert.Contains("\"Triangle\"", error.Message)
            for tag in [ "Circle"; "Rectangle"; "Dot" ] do
                Assert.Contains($"\"{tag}\"", error.Message)

        testCase "the tag written inside the payload wins over a variant a re-wrapping reader guessed" <| fun () ->
            let u = toLiteral (Shape.Rectangle(1.0, 2.0)) |> union
            Assert.Equal(Shape.Rectangle(1.0, 2.0), toValue<Shape> (Literal(Union(u.Value, variant "Circle" []))))

        testCase "a payload missing a field names the field" <| fun () ->
            let payload = Flyte.MessagePack.MessagePackValue.MapOf(struct (Flyte.MessagePack.MessagePackValue.op_Implicit "$tag", Flyte.MessagePack.MessagePackValue.op_Implicit "Rectangle"))
            let literal = Literal(Union(Literal(Binary(Bytes.Wrap(payload.Encode()), "msgpack")), variant "Rectangle" []))
            let error = raisesTransformerError (fun () -> toValue<Shape> literal)
            Assert.Contains(error.Fields, fun f -> f.Field = "width" && f.Kind = FieldMismatchKind.Missing)

        testCase "a mistyped field is reported at its name" <| fun () ->
            let payload =
                Flyte.MessagePack.MessagePackValue.MapOf(
                    struct (Flyte.MessagePack.MessagePackValue.op_Implicit "$tag", Flyte.MessagePack.MessagePackValue.op_Implicit "Circle"),
                    struct (Flyte.MessagePack.MessagePackValue.op_Implicit "radius", Flyte.MessagePack.MessagePackValue.op_Implicit "big"))
            let literal = Literal(Union(Literal(Binary(Bytes.Wrap(payload.Encode()), "msgpack")), variant "Circle" []))
            let error = raisesTransformerError (fun () -> toValue<Shape> literal)
            Assert.Equal("radius", error.Path)

        testCase "a Struct payload, as the console sends, is read too" <| fun () ->
            let payload = Struct.Of(struct ("width", StructValue.op_Implicit 2.0), struct ("height", StructValue.op_Implicit 3.0))
            Assert.Equal(Shape.Rectangle(2.0, 3.0), toValue<Shape> (Literal(Union(Literal(Generic payload), variant "Rectangle" []))))

        testCase "a Struct payload with a nested case, an optional and a set is read" <| fun () ->
            let o (fields: (string * StructValue) list) = StructValue.Object(Struct.Of(fields |> List.map (fun (k, v) -> struct (k, v)) |> Array.ofList)) :> StructValue
            let payload =
                Struct.Of(
                    struct ("id", StructValue.op_Implicit 7.0),
                    struct ("from", StructValue.Null.Instance :> StructValue),
                    struct ("target", o [ "$tag", StructValue.op_Implicit "Rectangle"; "width", StructValue.op_Implicit 1.0; "height", StructValue.op_Implicit 2.0 ]))
            let literal = Literal(Union(Literal(Generic payload), variant "Moved" []))
            Assert.Equal(Moved(7L, None, Shape.Rectangle(1.0, 2.0)), toValue<Event> literal)

        testCase "a union nested in a list keeps its case" <| fun () ->
            let shapes = [ Shape.Circle 1.0; Shape.Dot; Shape.Rectangle(2.0, 3.0) ]
            Assert.Equal<Shape list>(shapes, roundTrip shapes)

        testCase "a recursive union round-trips and its type leaves the recursive field out" <| fun () ->
            let tree = Node [ Leaf 1; Node [ Leaf 2; Node [] ] ]
            Assert.Equal(tree, roundTrip tree)
            Assert.Equal(variant "Node" [], (TypeEngine.literalTypeOf<Tree> engine).Type :?> UnionType |> fun u -> u.Variants[1])

        testCase "Result is a union with the cases Ok and Error" <| fun () ->
            Assert.Equal(Ok 3, roundTrip (Ok 3: Result<int, string>))
            Assert.Equal("Error", (toLiteral (Result<int, string>.Error "no") |> union |> tagOf))

        testPropertyWithConfig config "shapes round-trip" <| roundTripProperty<Shape> ()
        testPropertyWithConfig config "events with sets, options and nested unions round-trip" <| roundTripProperty<Event> ()
        testPropertyWithConfig config "trees round-trip" <| roundTripProperty<Tree> ()
        testPropertyWithConfig config "maps of optional shape lists round-trip" <| roundTripProperty<Map<string, Shape list option>> ()

        testCase "a case holding F# records round-trips through the record family" <| fun () ->
            let figure = Labelled("origin", { x = 0.0; y = 1.5 })
            Assert.Equal(figure, roundTrip figure)

        testCase "a record holding unions keeps each union's case" <| fun () ->
            let drawing = { name = "d"; figures = [ Polygon [ { x = 1.0; y = 2.0 } ]; Labelled("l", { x = 3.0; y = 4.0 }) ]; highlight = Some(Polygon []) }
            Assert.Equal(drawing, roundTrip drawing)

        testPropertyWithConfig config "drawings round-trip" <| roundTripProperty<Drawing> ()

        testCase "a Choice of int64 and string is Union[int, str] with transformer-name tags" <| fun () ->
            let intVariant = LiteralType.Of(SimpleType.Integer).WithTag "int"
            let strVariant = LiteralType.Of(SimpleType.String).WithTag "str"
            Assert.Equal(LiteralType.UnionOf(intVariant, strVariant), TypeEngine.literalTypeOf<Choice<int64, string>> engine)
            Assert.Equal(TypeEngine.literalTypeOf<Flyte.Union<int64, string>> engine, TypeEngine.literalTypeOf<Choice<int64, string>> engine)
            Assert.Equal(Literal(Union(int 3L, intVariant)), toLiteral (Choice1Of2 3L: Choice<int64, string>))
            Assert.Equal(Literal(Union(str "a", strVariant)), toLiteral (Choice2Of2 "a": Choice<int64, string>))
            Assert.Equal((Choice2Of2 "b": Choice<int64, string>), toValue<Choice<int64, string>> (Literal(Union(str "b", strVariant))))
            Assert.Equal((Choice1Of2 4L: Choice<int64, string>), toValue<Choice<int64, string>> (int 4L))

        testCase "a Choice field is its variant's plain msgpack, as mashumaro packs a Union field" <| fun () ->
            // {"value": "a"}: 81 a5 "value" a1 "a"
            let literal = toLiteral { value = Choice2Of2 "a" }
            match literal.Value with
            | :? Binary as b -> Assert.Equal("81a576616c7565a161", System.Convert.ToHexString(b.Value.Span).ToLowerInvariant())
            | other -> failwithf "not msgpack: %O" other
            Assert.Equal({ value = Choice2Of2 "a" }, toValue<ChoiceHolder> literal)

        testCase "choices obey the transformer laws" <| fun () ->
            let two = Gen.oneof [ ArbMap.defaults |> ArbMap.generate<int64> |> Gen.map Choice1Of2; Generators.text |> Gen.map Choice2Of2 ]
            Laws.checkWithArb engine (Arb.fromGen two) (=) 100
            let three =
                Gen.oneof [ ArbMap.defaults |> ArbMap.generate<int64> |> Gen.map Choice1Of3
                            Generators.text |> Gen.map Choice2Of3
                            Gen.elements [ true; false ] |> Gen.map Choice3Of3 ]
            Laws.checkWithArb engine (Arb.fromGen three) (=) 100
    ]
