/// The laws every type transformer must obey, checked with FsCheck: for your own transformer, call
/// `Laws.check engine` (F#) or `TransformerLaws.Check<T>(engine)` (C#) from a plain test.
namespace Flyte.Testing

open System
open System.Collections
open System.Collections.Generic
open FsCheck
open FsCheck.FSharp
open Flyte
open Flyte.Compatibility
open Flyte.Proto
open Flyte.Types

/// Structural equality good enough for values that went through a transformer: sequences element by element, sets and
/// dictionaries regardless of order, floats with NaN equal to NaN (as `Equals` does), everything else by `Equals`.
module StructuralEquality =
    let private isSet (o: obj) =
        o.GetType().GetInterfaces()
        |> Array.exists (fun i -> i.IsGenericType && i.GetGenericTypeDefinition() = typedefof<IReadOnlySet<_>>)

    let rec equal (a: obj | null) (b: obj | null) : bool =
        match a, b with
        | null, null -> true
        | null, _ | _, null -> false
        | _ -> equalNonNull (nonNull a) (nonNull b)

    and private equalNonNull (a: obj) (b: obj) : bool =
        match a, b with
        | (:? string as x), y -> x.Equals y
        | (:? IDictionary as x), (:? IDictionary as y) ->
            x.Count = y.Count
            && x.Keys |> Seq.cast<obj> |> Seq.forall (fun k -> y.Contains k && equal x[k] y[k])
        | (:? IEnumerable as x), (:? IEnumerable as y) when isSet a || isSet b ->
            let xs = x |> Seq.cast<obj> |> Seq.toArray
            let ys = y |> Seq.cast<obj> |> Seq.toArray
            xs.Length = ys.Length && xs |> Array.forall (fun e -> ys |> Array.exists (equal e))
        | (:? IEnumerable as x), (:? IEnumerable as y) ->
            let xs = x |> Seq.cast<obj> |> Seq.toArray
            let ys = y |> Seq.cast<obj> |> Seq.toArray
            xs.Length = ys.Length && Array.forall2 equal xs ys
        | x, y -> x.Equals y

/// The one-field record the nested-position law puts a value in (a dataclass with one field, to Python).
type Nested<'T> = { value: 'T }

/// The laws, one value at a time; each failure names the law it breaks.
module Laws =
    let private run (task: Threading.Tasks.ValueTask<'R>) = task.AsTask().GetAwaiter().GetResult()

    /// Laws (1)–(4) of `checkValueWith`: the value at a task boundary, as a literal.
    let checkLiteralValueWith (engine: TypeEngine) (equal: 'T -> 'T -> bool) (value: 'T) : unit =
        let transformer = engine.Get<'T>()
        let context = TransformerContext(engine)
        let literalType = transformer.LiteralType
        let literal = run (transformer.ToLiteralAsync(value, context))
        let instance = TypeCompatibility.IsInstance(literal, literalType)
        if not instance.IsCompatible then
            failwithf "Law 'literal is an instance of the LiteralType' broken for %A: %O is not a %O: %O" value literal literalType instance
        let back = run (transformer.ToValueAsync(literal, context))
        if not (equal value back) then
            failwithf "Law 'value -> literal -> value' broken: %A became %O and came back as %A" value literal back
        let viaProto = ProtoSerializer.LiteralFromBytes(ReadOnlySpan(ProtoSerializer.ToBytes literal))
        if viaProto <> literal then
            failwithf "Law 'literal -> protobuf -> literal' broken: %O came back as %O" literal viaProto
        let typeViaProto = ProtoSerializer.LiteralTypeFromBytes(ReadOnlySpan(ProtoSerializer.ToBytes literalType))
        if typeViaProto <> literalType then
            failwithf "Law 'LiteralType -> protobuf -> LiteralType' broken: %O came back as %O" literalType typeViaProto
        let backViaProto = run (transformer.ToValueAsync(viaProto, context))
        if not (equal value backViaProto) then
            failwithf "Law 'value -> literal -> protobuf -> literal -> value' broken: %A came back as %A" value backViaProto
        match engine.GuessType literalType with
        | null -> ()
        | guessed ->
            // .NET types carry no nullability for reference types: a guessed `string` for an optional means `string?`.
            let isOptional =
                match literalType.Type with
                | :? UnionType as u -> u.Variants |> Seq.exists (fun v -> v.Type = TypeKind.Simple(SimpleType.None))
                | _ -> false
            let guessedTransformer = if isOptional && not guessed.IsValueType then engine.GetOptional guessed else engine.Get guessed
            let assignable = TypeCompatibility.IsAssignable(literalType, guessedTransformer.LiteralType)
            if not assignable.IsCompatible then
                failwithf "Law 'the guessed type is compatible' broken: %O guessed as %s, whose type %O does not accept it: %O"
                    literalType guessed.Name guessedTransformer.LiteralType assignable
            try
                run (guessedTransformer.ToValueAsync(literal, context)) |> ignore
            with :? TypeTransformerException as e ->
                failwithf "Law 'the guessed type decodes the literal' broken: %O as %s: %s" literal guessed.Name e.Message

    /// Law (5): the value nested in a one-field record (`Nested<'T>`) round-trips through the record's literal and
    /// protobuf bytes, so the engine's transformer of 'T is checked in its nested (msgpack) position, as a dataclass
    /// field. Values must fit the nested wire form (a duration is float seconds there, as mashumaro writes it).
    /// `context` carries what the value needs (an `OffloadContext` for files, directories, datasets, opaque objects).
    let checkNestedValueIn (context: TransformerContext) (equal: 'T -> 'T -> bool) (value: 'T) : unit =
        let record = context.Engine.Get<Nested<'T>>()
        let nested = run (record.ToLiteralAsync({ value = value }, context))
        let viaBytes = ProtoSerializer.LiteralFromBytes(ReadOnlySpan(ProtoSerializer.ToBytes nested))
        let nestedBack = run (record.ToValueAsync(viaBytes, context))
        if not (equal value nestedBack.value) then
            failwithf "Law 'a value nested in a one-field record round-trips' broken: %A became %O and came back as %A" value nested nestedBack.value

    /// Law (5) with the engine's plain context (no blob store: for values that do not touch storage).
    let checkNestedValueWith (engine: TypeEngine) (equal: 'T -> 'T -> bool) (value: 'T) : unit =
        checkNestedValueIn (TransformerContext(engine)) equal value

    /// Checks every law for one value:
    /// (1) the literal is an instance of the transformer's LiteralType (`TypeCompatibility.IsInstance`);
    /// (2) value → literal → value gives an equal value;
    /// (3) literal → protobuf bytes → literal is the identity and still decodes to an equal value (and the
    ///     LiteralType survives protobuf too);
    /// (4) when the engine guesses a .NET type for the LiteralType, that type's LiteralType accepts ours
    ///     (`TypeCompatibility.IsAssignable`) and it decodes the literal;
    /// (5) the value nested in a one-field record round-trips (`checkNestedValueWith`).
    let checkValueWith (engine: TypeEngine) (equal: 'T -> 'T -> bool) (value: 'T) : unit =
        checkLiteralValueWith engine equal value
        checkNestedValueWith engine equal value

    /// `checkValueWith` using `StructuralEquality.equal`.
    let checkValue (engine: TypeEngine) (value: 'T) : unit =
        checkValueWith engine (fun a b -> StructuralEquality.equal (box a) (box b)) value

    /// Checks every law for `maxTest` values drawn from `arbitrary`, with a custom equality.
    let checkWithArb (engine: TypeEngine) (arbitrary: Arbitrary<'T>) (equal: 'T -> 'T -> bool) (maxTest: int) : unit =
        Properties.checkWith maxTest (Prop.forAll arbitrary (fun value -> checkValueWith engine equal value))

    /// Checks laws (1)–(4) only (the literal at a task boundary) for `maxTest` values drawn from `arbitrary`.
    let checkLiteralWithArb (engine: TypeEngine) (arbitrary: Arbitrary<'T>) (equal: 'T -> 'T -> bool) (maxTest: int) : unit =
        Properties.checkWith maxTest (Prop.forAll arbitrary (fun value -> checkLiteralValueWith engine equal value))

    /// Checks every law for FsCheck's default values of `'T` (200 cases), with structural equality.
    let check<'T> (engine: TypeEngine) : unit =
        checkWithArb engine (ArbMap.defaults |> ArbMap.arbitrary<'T>) (fun a b -> StructuralEquality.equal (box a) (box b))
            Properties.DefaultMaxTest

/// The laws for C#: `TransformerLaws.Check<MyType>(engine)` from a plain `[Fact]`.
[<AbstractClass; Sealed>]
type TransformerLaws =
    /// Checks every law (see `Laws.checkValueWith`) for 200 of FsCheck's default values of `T`, with structural equality.
    static member Check<'T>(engine: TypeEngine) : unit = Laws.check<'T> engine

    /// Checks every law for 200 values from `arbitrary`, with structural equality.
    static member Check<'T>(engine: TypeEngine, arbitrary: Arbitrary<'T>) : unit =
        Laws.checkWithArb engine arbitrary (fun a b -> StructuralEquality.equal (box a) (box b)) Properties.DefaultMaxTest

    /// Checks every law for `maxTest` values from `arbitrary`, comparing with `equality`.
    static member Check<'T>(engine: TypeEngine, arbitrary: Arbitrary<'T>, equality: Func<'T, 'T, bool>, maxTest: int) : unit =
        Laws.checkWithArb engine arbitrary (fun a b -> equality.Invoke(a, b)) maxTest

    /// Checks the literal laws only (1–4 of `Laws.checkValueWith`) for 200 of FsCheck's default values of `T`: for
    /// values finer than their nested wire form (sub-microsecond durations), check the nested law on coarser ones.
    static member CheckLiteral<'T>(engine: TypeEngine) : unit =
        Laws.checkLiteralWithArb engine (ArbMap.defaults |> ArbMap.arbitrary<'T>) (fun a b -> StructuralEquality.equal (box a) (box b))
            Properties.DefaultMaxTest

    /// Checks every law for one value, with structural equality.
    static member CheckValue<'T>(engine: TypeEngine, value: 'T) : unit = Laws.checkValue engine value

    /// Checks the nested-position law (5) for one value in `context` (e.g. one holding an `OffloadContext`, for files,
    /// directories, datasets and opaque objects), comparing with `equality` (say, the files' contents).
    static member CheckNested<'T>(context: TransformerContext, value: 'T, equality: Func<'T, 'T, bool>) : unit =
        Laws.checkNestedValueIn context (fun a b -> equality.Invoke(a, b)) value

    /// Structural equality as the laws use it (sequences, sets, dictionaries, NaN-aware floats).
    static member AreEqual(a: obj | null, b: obj | null) : bool = StructuralEquality.equal a b
