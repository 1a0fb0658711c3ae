namespace Flyte.Testing

open FsCheck
open FsCheck.FSharp
open Flyte

/// FsCheck arbitraries over the generators (no shrinking: a shrunk type would have to drag its literals along).
/// Merge them into an ArbMap with <c>ArbMap.mergeWith&lt;Arbitraries&gt;</c>.
type Arbitraries =
    /// Arbitrary literal types.
    static member LiteralType() : Arbitrary<LiteralType> = Arb.fromGen Generators.literalType

    /// Arbitrary literal maps.
    static member LiteralMap() : Arbitrary<LiteralMap> = Arb.fromGen Generators.literalMap

    /// Arbitrary pairs of a type and one of its instances.
    static member TypedLiteral() : Arbitrary<LiteralType * Literal> = Arb.fromGen Generators.typedLiteral

/// The generators for C#: <c>FlyteGen.LiteralOf(type)</c>, <c>FlyteGen.LiteralType</c>, and <c>Sample</c> to draw values.
[<AbstractClass; Sealed>]
type FlyteGen =
    /// Arbitrary literal types (see <c>Generators.literalType</c>).
    static member LiteralType: Gen<LiteralType> = Generators.literalType

    /// Arbitrary instances of a type (see <c>Generators.literalOf</c>).
    static member LiteralOf(t: LiteralType) : Gen<Literal> = Generators.literalOf t

    /// Arbitrary literal maps.
    static member LiteralMap: Gen<LiteralMap> = Generators.literalMap

    /// Arbitrary pairs of a type and one of its instances.
    static member TypedLiteral: Gen<LiteralType * Literal> = Generators.typedLiteral

    /// Draws <paramref name="count"/> values of <paramref name="generator"/> at FsCheck size <paramref name="size"/>.
    static member Sample(generator: Gen<'T>, size: int, count: int) : 'T[] = Gen.sampleWithSize size count generator
