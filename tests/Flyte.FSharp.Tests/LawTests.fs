module Flyte.FSharp.Tests.LawTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open Flyte
open Flyte.Compatibility
open Flyte.Proto
open Flyte.Testing
open Xunit

let private forAll (g: Gen<'T>) (f: 'T -> Property) = Prop.forAll (Arb.fromGen g) f

let private equalAfter (label: string) (expected: 'T) (actual: 'T) =
    (expected = actual) |> Prop.label $"{label}\nexpected: {expected}\nactual:   {actual}"

let private compatible (label: string) (result: CompatibilityResult) =
    result.IsCompatible |> Prop.label $"{label}: {result}"

// Types without tags, blobs, unions, enums, NONE or schemas: there the compiler's rules compose, so a value of A is a value of
// every B that A is assignable to. Blob formats break it ("" matches "csv" and "json", which do not match each other), and so
// do enums (the compiler lets STRING feed an enum and leaves the value check to run time) and NONE (a list<NONE> stands for
// an empty list and feeds any list type, yet non-empty values of it exist).
let rec private plainType (size: int) : Gen<LiteralType> =
    let leaf =
        Gen.elements [ SimpleType.Integer; SimpleType.String; SimpleType.Struct; SimpleType.Boolean ]
        |> Gen.map LiteralType.Of
    if size <= 1 then leaf
    else
        Gen.frequency
            [ 3, leaf
              1, plainType (size / 2) |> Gen.map LiteralType.CollectionOf
              1, plainType (size / 2) |> Gen.map LiteralType.MapOf ]

[<Tests>]
let tests =
    testList "Law" [
        testPropertyWithConfig Support.config "a literal type survives model to proto to bytes to proto to model" <|
            forAll Generators.literalType (fun t ->
                equalAfter "literal type" t (ProtoSerializer.LiteralTypeFromBytes(ReadOnlySpan(t.ToBytes()))))

        testPropertyWithConfig Support.config "a literal survives model to proto to bytes to proto to model" <|
            forAll Generators.typedLiteral (fun (_, l) ->
                equalAfter "literal" l (ProtoSerializer.LiteralFromBytes(ReadOnlySpan(l.ToBytes()))))

        testPropertyWithConfig Support.config "a literal map survives model to proto to bytes to proto to model" <|
            forAll Generators.literalMap (fun m ->
                equalAfter "literal map" m (ProtoSerializer.LiteralMapFromBytes(ReadOnlySpan(m.ToBytes()))))

        testPropertyWithConfig Support.config "a struct survives the mapping to google.protobuf.Struct and back" <|
            forAll Generators.structValue (fun s -> equalAfter "struct" s (ProtoMapping.ToModel(ProtoMapping.ToProto s)))

        testPropertyWithConfig Support.config "every generated literal is an instance of the type it was generated for" <|
            forAll Generators.typedLiteral (fun (t, l) -> compatible $"{l} of {t}" (TypeCompatibility.IsInstance(l, t)))

        testPropertyWithConfig Support.config "every type is assignable to itself" <|
            forAll Generators.literalType (fun t -> compatible (string t) (TypeCompatibility.IsAssignable(t, t)))

        testPropertyWithConfig Support.config "a value of A is a value of every plain type B that A is assignable to" (
            let pairs =
                gen {
                    let! a = plainType 8
                    let! b = Gen.frequency [ 1, Gen.constant a; 2, plainType 8 ]
                    let! l = Generators.literalOf a
                    return a, b, l
                }
            forAll pairs (fun (a, b, l) ->
                let assignable = TypeCompatibility.IsAssignable(a, b).IsCompatible
                (not assignable || TypeCompatibility.IsInstance(l, b).IsCompatible)
                |> Prop.label $"{l} : {a} assignable to {b}"
                |> Prop.classify assignable "assignable"))

        testPropertyWithConfig Support.config "stripping metadata and annotations from a non-union type keeps its instances" <|
            forAll Generators.typedLiteral (fun (t, l) ->
                // The structure stays: offloaded and union literals carry their type, and a tag must still match.
                let stripped = LiteralType(t.Type, Structure = t.Structure)
                let relevant = not (t.Type :? UnionType)
                (not relevant || TypeCompatibility.IsInstance(l, stripped).IsCompatible) |> Prop.label $"{l} of {stripped}")

        testPropertyWithConfig Support.config "a list with one wrong element reports exactly that element's index" (
            let case =
                gen {
                    let! n = Gen.choose (1, 12)
                    let! wrong = Gen.choose (0, n - 1)
                    let! items = Gen.sequenceToList (List.replicate n (Generators.literalOf (LiteralType.Of SimpleType.Integer)))
                    return n, wrong, items
                }
            forAll case (fun (_, wrong, items) ->
                let items = items |> List.mapi (fun i l -> if i = wrong then Literal(Primitive.StringValue "oops") else l)
                let result = TypeCompatibility.IsInstance(Literal(LiteralCollection(ValueList.Of(Array.ofList items))), LiteralType.CollectionOf(LiteralType.Of SimpleType.Integer))
                let paths = result.Mismatches |> Seq.map (fun m -> m.Path) |> List.ofSeq
                (paths = [ $"[{wrong}]" ]) |> Prop.label $"{paths}"))

        testCase "the generators reach every type kind and every kind of value" <| fun () ->
            let pairs = Gen.sampleWithSize 40 600 Generators.typedLiteral
            let rec kinds (l: Literal) : string list =
                let own = l.Value.GetType().Name
                match l.Value with
                | :? LiteralCollection as c -> own :: (c.Literals |> Seq.collect kinds |> List.ofSeq)
                | :? LiteralMap as m -> own :: (m.Literals.Values |> Seq.collect kinds |> List.ofSeq)
                | :? Union as u -> own :: kinds u.Value
                | _ -> [ own ]
            let valueKinds = pairs |> Seq.collect (snd >> kinds) |> set
            let typeKinds = pairs |> Seq.map (fun (t, _) -> t.Type.GetType().Name) |> set
            for expected in [ "Integer"; "FloatValue"; "StringValue"; "Boolean"; "Datetime"; "Duration"; "Void"; "Blob"; "Binary"; "Schema"; "Error"; "Generic"; "StructuredDataset"; "Union"; "LiteralCollection"; "LiteralMap"; "LiteralOffloadedMetadata" ] do
                Assert.Contains(expected, valueKinds)
            for expected in [ "Simple"; "CollectionType"; "MapValueType"; "SchemaType"; "BlobType"; "EnumType"; "UnionType"; "StructuredDatasetType" ] do
                Assert.Contains(expected, typeKinds)
            Assert.Contains(pairs, fun (t, _) -> not (isNull t.Metadata))
            Assert.Contains(pairs, fun (t, _) -> not (isNull t.Annotation))
            Assert.Contains(pairs, fun (t, _) -> match t.Structure with null -> false | s -> s.DataclassType.Count > 0)

        testPropertyWithConfig (Support.configWith 100) "the arbitraries merge into an ArbMap and drive a property by type" (
            let arbs = ArbMap.defaults |> ArbMap.mergeWith<Arbitraries>
            Prop.forAll (ArbMap.arbitrary<LiteralType> arbs) (fun t ->
                Prop.forAll (Generators.literalArbitrary t) (fun l -> TypeCompatibility.IsInstance(l, t).IsCompatible)))
    ]
