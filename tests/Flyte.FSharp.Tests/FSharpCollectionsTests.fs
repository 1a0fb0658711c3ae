module Flyte.FSharp.Tests.FSharpCollectionsTests

open Expecto
open Flyte
open Flyte.FSharp
open Flyte.FSharp.Tests.Support
open Xunit

[<Tests>]
let tests =
    testList "FSharpCollections" [
        testCase "an int list is a Typed List collection of integers" <| fun () ->
            Assert.Equal(LiteralType.CollectionOf intType, TypeEngine.literalTypeOf<int list> engine)
            Assert.Equal(Literal(LiteralCollection(ValueList.Of(int 1L, int 2L))), toLiteral [ 1; 2 ])
            Assert.Equal("Typed List", (TypeEngine.get<int list> engine).Name)

        testCase "a list is read back in its order" <| fun () ->
            Assert.Equal<int list>([ 3; 1; 2 ], toValue<int list> (Literal(LiteralCollection(ValueList.Of(int 3L, int 1L, int 2L)))))

        testCase "a set is written in ascending order and duplicates collapse on read" <| fun () ->
            Assert.Equal(Literal(LiteralCollection(ValueList.Of(str "a", str "b", str "c"))), toLiteral (Set [ "c"; "a"; "b" ]))
            Assert.Equal<Set<int>>(Set [ 1; 2 ], toValue<Set<int>> (Literal(LiteralCollection(ValueList.Of(int 2L, int 1L, int 2L)))))

        testCase "a string-keyed map is a Flyte literal map" <| fun () ->
            Assert.Equal(LiteralType.MapOf intType, TypeEngine.literalTypeOf<Map<string, int>> engine)
            Assert.Equal(Literal(LiteralMap(ValueMap.Of(struct ("a", int 1L)))), toLiteral (Map [ "a", 1 ]))

        testCase "an int-keyed map is a msgpack STRUCT like flytekit's Dict[int, str]" <| fun () ->
            Assert.Equal(SimpleType.Struct, (TypeEngine.literalTypeOf<Map<int, string>> engine).Type |> function :? TypeKind.Simple as s -> s.Type | _ -> SimpleType.None)
            match (toLiteral (Map [ 1, "a" ])).Value with
            | :? Binary as b ->
                Assert.Equal("msgpack", b.Tag)
                Assert.Equal<byte array>([| 0x81uy; 0x01uy; 0xa1uy; 0x61uy |], b.Value.ToArray())
            | other -> failwithf "expected a msgpack binary, found %O" other

        testCase "a bad element is reported at its index" <| fun () ->
            let bad = Literal(LiteralCollection(ValueList.Of(int 1L, str "two")))
            let error = raisesTransformerError (fun () -> toValue<int list> bad)
            Assert.Equal("[1]", error.Path)

        testPropertyWithConfig config "int lists round-trip" <| roundTripProperty<int list> ()
        testPropertyWithConfig config "lists of lists of strings round-trip" <| roundTripProperty<string list list> ()
        testPropertyWithConfig config "sets round-trip" <| roundTripProperty<Set<string>> ()
        testPropertyWithConfig config "string-keyed maps of float lists round-trip" <| roundTripProperty<Map<string, float list>> ()
        testPropertyWithConfig config "int-keyed maps round-trip" <| roundTripProperty<Map<int, string>> ()
    ]
