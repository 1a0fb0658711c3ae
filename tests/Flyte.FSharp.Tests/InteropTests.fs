/// The F# families' literals checked with the idl branch's tools: the Flyte compiler's type rules and the real
/// flyteidl protobuf classes.
module Flyte.FSharp.Tests.InteropTests

open System
open Expecto
open FsCheck.FSharp
open Flyte
open Flyte.Compatibility
open Flyte.FSharp
open Flyte.Proto
open Flyte.FSharp.Tests.Support
open Flyte.FSharp.Tests.UnionsTests
open Xunit

/// A transformer's type survives flyteidl protobuf bytes.
let private typeSurvivesProtobuf<'T> () =
    let literalType = TypeEngine.literalTypeOf<'T> engine
    let typeBack = ProtoSerializer.LiteralTypeFromBytes(ReadOnlySpan(literalType.ToBytes()))
    Assert.Equal(literalType, typeBack)

/// Every generated value's literal is an instance of its transformer's type, per the compiler's rules, and survives
/// flyteidl protobuf bytes.
let private interoperates<'T> () =
    let literalType = TypeEngine.literalTypeOf<'T> engine
    Prop.forAll (arbitraries.ArbFor<'T>()) (fun (value: 'T) ->
        let literal = toLiteral value
        let instance = TypeCompatibility.IsInstance(literal, literalType)
        let back = ProtoSerializer.LiteralFromBytes(ReadOnlySpan(literal.ToBytes()))
        (instance.IsCompatible && back = literal) |> Prop.label $"{literal}: {instance}")

[<Tests>]
let tests =
    testList "Interop" [
        testCase "the type of optional int lists in maps survives protobuf" <| fun () -> typeSurvivesProtobuf<Map<string, int list option>> ()
        testPropertyWithConfig config "optional int lists in maps are instances of their type and survive protobuf" <| interoperates<Map<string, int list option>> ()
        testCase "a union type survives protobuf" <| fun () -> typeSurvivesProtobuf<Event> ()
        testPropertyWithConfig config "union values are instances of their union type and survive protobuf" <| interoperates<Event> ()

        testCase "a union type is assignable to itself and a case variant to its union" <| fun () ->
            let union = TypeEngine.literalTypeOf<Shape> engine
            Assert.True(TypeCompatibility.IsAssignable(union, union).IsCompatible)
            let circle = (union.Type :?> UnionType).Variants[0]
            Assert.True(TypeCompatibility.IsAssignable(circle, union).IsCompatible)
    ]
