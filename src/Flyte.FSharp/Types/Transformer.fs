namespace Flyte.FSharp

open System.Threading.Tasks
open Flyte
open Flyte.Types

/// A transformer made of functions: what `Transformer.create` and `Transformer.ofCodec` return.
type internal FunctionTransformer<'T>
    (name: string, literalType: LiteralType,
     toLiteral: TransformerContext -> 'T -> ValueTask<Literal>, toValue: TransformerContext -> Literal -> ValueTask<'T>) =
    inherit TypeTransformer<'T>()
    override _.Name = name
    override _.LiteralType = literalType
    override _.ToLiteralAsync(value, context) = toLiteral context value
    override _.ToValueAsync(literal, context) = toValue context literal

/// Helpers shared by the F# transformers.
module internal Convert =
    /// The typed transformer of 'T from an engine.
    let transformerOf<'T> (engine: TypeEngine) : TypeTransformer<'T> = engine.Get<'T>()

    /// Runs a conversion, putting `segment` in front of the path of any transformer error it raises.
    let at (segment: string) (work: unit -> Task<'R>) : Task<'R> =
        task {
            try
                return! work ()
            with :? TypeTransformerException as e ->
                return raise (e.AtPath segment)
        }

    /// Calls a static generic method `name` of `owner` taking the engine, made for `typeArguments`: how a factory
    /// turns a run-time Type into a typed transformer.
    let invokeGeneric (owner: System.Type) (name: string) (typeArguments: System.Type array) (engine: TypeEngine) : ITypeTransformer =
        let methodInfo =
            owner.GetMethod(name, System.Reflection.BindingFlags.NonPublic ||| System.Reflection.BindingFlags.Static)
            |> nonNull
        methodInfo.MakeGenericMethod(typeArguments).Invoke(null, [| engine |]) |> nonNull |> unbox<ITypeTransformer>

    /// The tag of a variant type, or "".
    let tagOf (literalType: LiteralType) =
        match literalType.Structure with
        | null -> ""
        | s -> s.Tag

/// Declares transformers from plain functions.
[<RequireQualifiedAccess>]
module Transformer =
    /// A transformer for 'T named `name` (its union tag), writing literals of `literalType` with two pure functions.
    /// Raise a TypeTransformerException from `toValue` when a literal does not fit.
    [<CompiledName("Create")>]
    let create<'T> (name: string) (literalType: LiteralType) (toLiteral: 'T -> Literal) (toValue: Literal -> 'T) : TypeTransformer<'T> =
        FunctionTransformer<'T>(name, literalType,
            (fun _ value -> ValueTask<Literal>(toLiteral value)),
            (fun _ literal -> ValueTask<'T>(toValue literal)))

    /// Like `create`, for conversions that need the context (nested values, storage) or are asynchronous.
    [<CompiledName("CreateTask")>]
    let createTask<'T> (name: string) (literalType: LiteralType)
                       (toLiteral: TransformerContext -> 'T -> Task<Literal>) (toValue: TransformerContext -> Literal -> Task<'T>) : TypeTransformer<'T> =
        FunctionTransformer<'T>(name, literalType,
            (fun context value -> ValueTask<Literal>(toLiteral context value)),
            (fun context literal -> ValueTask<'T>(toValue context literal)))

    /// A transformer for 'T from a Thoth-style encoder/decoder pair: `Transformer.ofCodec "Coordinate" encode decode`.
    /// The literal is a msgpack STRUCT of the encoder's JSON (see `CodecTransformer`); decoder errors carry the JSON path.
    [<CompiledName("OfCodec")>]
    let ofCodec<'T> (name: string) (encoder: Json.Encoder<'T>) (decoder: Json.Decoder<'T>) : TypeTransformer<'T> =
        Json.CodecTransformer<'T>(name, encoder, decoder)
