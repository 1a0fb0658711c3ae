namespace Flyte.FSharp

open System.Threading.Tasks
open Flyte
open Flyte.Types
open Flyte.Types.Optionals

/// The optional union shared by `option` and `voption`, the shape Core's `Optional` gives `Nullable<T>` (flytekit's
/// `Optional[T]`): variants [T tagged with its transformer's name; NONE tagged "none"], name "Typed Union".
/// Core's codec is internal and tied to `Nullable<T>`/null, so the reading is done here on Core's shape constants.
module internal OptionalUnion =
    let someType (inner: ITypeTransformer) = Optional.VariantOf inner

    let literalType (inner: ITypeTransformer) = Optional.LiteralTypeOf inner

    let none = Optional.NoneLiteral

    let some (inner: TypeTransformer<'T>) (context: TransformerContext) (value: 'T) : Task<Literal> =
        task {
            let! literal = inner.ToLiteralAsync(value, context)
            return Literal(Union(literal, someType inner))
        }

    /// Reads the union form, and the unwrapped forms propeller delivers: a bare Void or the msgpack nil binary for
    /// "no value" (`Optional.IsNone`), a bare literal of T.
    let read (inner: TypeTransformer<'T>) (context: TransformerContext) (literal: Literal) : Task<'T voption> =
        task {
            match literal.Value with
            | _ when Optional.IsNone literal -> return ValueNone
            | :? Union as u ->
                match Convert.tagOf u.Type with
                | tag when tag = Optional.NoneTag -> return ValueNone
                | tag when tag = inner.Name ->
                    let! value = inner.ToValueAsync(u.Value, context)
                    return ValueSome value
                | _ when (inner.LiteralType.Type :? UnionType) ->
                    // T is itself a union and arrived unwrapped.
                    let! value = inner.ToValueAsync(literal, context)
                    return ValueSome value
                | tag ->
                    return raise (TypeTransformerException(literalType inner, $"a union value tagged \"{tag}\"",
                                                           $"Known tags: \"{inner.Name}\", \"none\"."))
            | _ ->
                let! value = inner.ToValueAsync(literal, context)
                return ValueSome value
        }

/// `'T option` as flytekit's `Optional[T]`. `None` is null at run time, which the untyped entry points accept.
type FSharpOptionTransformer<'T>(inner: TypeTransformer<'T>) =
    inherit TypeTransformer<'T option>()
    let literalType = OptionalUnion.literalType inner
    /// "Typed Union", as flytekit names Optional[T].
    override _.Name = Optional.TransformerName
    /// union(T#name | NONE#none).
    override _.LiteralType = literalType
    /// `Some v` → Union{v, T#name}; `None` → Union{Void, NONE#none}.
    override _.ToLiteralAsync(value, context) =
        match value with
        | Some v -> ValueTask<Literal>(OptionalUnion.some inner context v)
        | None -> ValueTask<Literal>(OptionalUnion.none)
    /// Reads the union and the unwrapped shapes.
    override _.ToValueAsync(literal, context) =
        ValueTask<'T option>(task {
            let! value = OptionalUnion.read inner context literal
            return ValueOption.toOption value
        })
    /// Nested: nil for `None`, else the value as its transformer writes it nested (mashumaro's `Optional[T]`).
    override _.WriteMsgPack(writer, value, context) =
        match value with
        | Some v -> inner.WriteMsgPack(&writer, v, context)
        | None -> writer.WriteNil()
    /// Nested: nil is `None`.
    override _.ReadMsgPack(reader, context) =
        if reader.TryReadNil() then None else Some(inner.ReadMsgPack(&reader, context))

/// `'T voption`, on the wire exactly like `'T option`.
type FSharpValueOptionTransformer<'T>(inner: TypeTransformer<'T>) =
    inherit TypeTransformer<'T voption>()
    let literalType = OptionalUnion.literalType inner
    /// "Typed Union", as flytekit names Optional[T].
    override _.Name = Optional.TransformerName
    /// union(T#name | NONE#none).
    override _.LiteralType = literalType
    /// `ValueSome v` → Union{v, T#name}; `ValueNone` → Union{Void, NONE#none}.
    override _.ToLiteralAsync(value, context) =
        match value with
        | ValueSome v -> ValueTask<Literal>(OptionalUnion.some inner context v)
        | ValueNone -> ValueTask<Literal>(OptionalUnion.none)
    /// Reads the union and the unwrapped shapes.
    override _.ToValueAsync(literal, context) = ValueTask<'T voption>(OptionalUnion.read inner context literal)
    /// Nested: nil for `ValueNone`, else the value as its transformer writes it nested.
    override _.WriteMsgPack(writer, value, context) =
        match value with
        | ValueSome v -> inner.WriteMsgPack(&writer, v, context)
        | ValueNone -> writer.WriteNil()
    /// Nested: nil is `ValueNone`.
    override _.ReadMsgPack(reader, context) =
        if reader.TryReadNil() then ValueNone else ValueSome(inner.ReadMsgPack(&reader, context))

/// The family of `'T option` and `'T voption`.
type FSharpOptionFactory() =
    inherit TransformerFactory()

    static member internal Option<'T>(engine: TypeEngine) : ITypeTransformer = FSharpOptionTransformer<'T>(engine.Get<'T>())
    static member internal ValueOption<'T>(engine: TypeEngine) : ITypeTransformer = FSharpValueOptionTransformer<'T>(engine.Get<'T>())

    /// Options and value options.
    override _.CanTransform(t) =
        t.IsGenericType && (t.GetGenericTypeDefinition() = typedefof<option<_>> || t.GetGenericTypeDefinition() = typedefof<voption<_>>)

    /// The transformer for an option type, with the inner transformer taken from `engine`.
    override _.Create(t, engine) =
        let name = if t.GetGenericTypeDefinition() = typedefof<option<_>> then "Option" else "ValueOption"
        Convert.invokeGeneric typeof<FSharpOptionFactory> name (t.GetGenericArguments()) engine

    /// A two-variant union with a "none" variant is guessed as an option of the other variant's type.
    override _.GuessType(literalType, engine) =
        match literalType.Type with
        | :? UnionType as u when u.Variants.Count = 2 && u.Variants |> Seq.exists (fun v -> Convert.tagOf v = "none") ->
            let some = u.Variants |> Seq.find (fun v -> Convert.tagOf v <> "none")
            let untagged = some.WithTag ""
            match engine.GuessType untagged with
            | null -> null
            | t -> typedefof<option<_>>.MakeGenericType t
        | _ -> null
