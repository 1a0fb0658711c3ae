namespace Flyte.FSharp

open System
open System.Collections.Generic
open System.Reflection
open System.Threading.Tasks
open Flyte
open Flyte.Types

/// `'T list` as a Flyte collection (flytekit's "Typed List"), in list order: Core's transformer of
/// `IReadOnlyList<'T>` (so every shape Core reads, e.g. msgpack lists reached by attribute access, reads here too).
type FSharpListTransformer<'T>(core: TypeTransformer<IReadOnlyList<'T>>) =
    inherit TypeTransformer<'T list>()
    /// "Typed List", as flytekit names List[T].
    override _.Name = core.Name
    /// A collection of the element type.
    override _.LiteralType = core.LiteralType
    /// A LiteralCollection of the elements' literals.
    override _.ToLiteralAsync(values, context) = core.ToLiteralAsync(List.toArray values, context)
    /// The list of the collection's elements.
    override _.ToValueAsync(literal, context) =
        ValueTask<'T list>(task {
            let! values = core.ToValueAsync(literal, context)
            return List.ofSeq values
        })
    /// Nested: a msgpack array of the elements, in list order.
    override _.WriteMsgPack(writer, values, context) = core.WriteMsgPack(&writer, List.toArray values, context)
    /// Nested: a msgpack array read as a list.
    override _.ReadMsgPack(reader, context) =
        if reader.TryReadNil() then Unchecked.defaultof<_> else List.ofSeq (core.ReadMsgPack(&reader, context))

/// `Set<'T>` as a Flyte collection, through Core's `IReadOnlyList<'T>` transformer. A set has no insertion order:
/// it is written in its own ascending order (F# structural comparison), so equal sets give equal literals and cache
/// keys; on read, duplicate elements collapse.
type FSharpSetTransformer<'T when 'T: comparison>(core: TypeTransformer<IReadOnlyList<'T>>) =
    inherit TypeTransformer<Set<'T>>()
    /// "Typed List": on the wire a set is a list.
    override _.Name = core.Name
    /// A collection of the element type.
    override _.LiteralType = core.LiteralType
    /// A LiteralCollection of the elements in ascending order.
    override _.ToLiteralAsync(values, context) = core.ToLiteralAsync(Set.toArray values, context)
    /// The set of the collection's elements.
    override _.ToValueAsync(literal, context) =
        ValueTask<Set<'T>>(task {
            let! values = core.ToValueAsync(literal, context)
            return Set.ofSeq values
        })
    /// Nested: a msgpack array of the elements in ascending order.
    override _.WriteMsgPack(writer, values, context) = core.WriteMsgPack(&writer, Set.toArray values, context)
    /// Nested: a msgpack array read as a set.
    override _.ReadMsgPack(reader, context) =
        if reader.TryReadNil() then Unchecked.defaultof<_> else Set.ofSeq (core.ReadMsgPack(&reader, context))

/// `Map<'K, 'V>` through Core's `IReadOnlyDictionary<'K, 'V>` transformer (which F# maps implement): string keys
/// give a Flyte literal map (flytekit's `Dict[str, T]`, "Typed Dict"); any other key type gives flytekit's msgpack
/// STRUCT with native keys (`Dict[int, str]`).
type FSharpMapTransformer<'K, 'V when 'K: comparison>(core: TypeTransformer<IReadOnlyDictionary<'K, 'V>>) =
    inherit TypeTransformer<Map<'K, 'V>>()
    /// Core's dictionary transformer's name.
    override _.Name = core.Name
    /// A map of the value type (string keys), else STRUCT.
    override _.LiteralType = core.LiteralType
    /// Core's literal for the map's entries.
    override _.ToLiteralAsync(map, context) = core.ToLiteralAsync(map, context)
    /// The map of the entries read.
    override _.ToValueAsync(literal, context) =
        ValueTask<Map<'K, 'V>>(task {
            let! entries = core.ToValueAsync(literal, context)
            return entries |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
        })
    /// Nested: a msgpack map with native keys, in key order.
    override _.WriteMsgPack(writer, map, context) = core.WriteMsgPack(&writer, map, context)
    /// Nested: a msgpack map read as a map.
    override _.ReadMsgPack(reader, context) =
        if reader.TryReadNil() then Unchecked.defaultof<_>
        else core.ReadMsgPack(&reader, context) |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq

/// The family of F# lists, sets and maps. Arrays are Core's.
type FSharpCollectionsFactory() =
    inherit TransformerFactory()

    static let generic name typeArguments engine = Convert.invokeGeneric typeof<FSharpCollectionsFactory> name typeArguments engine

    static member internal List<'T>(engine: TypeEngine) : ITypeTransformer = FSharpListTransformer<'T>(engine.Get<IReadOnlyList<'T>>())
    static member internal Set<'T when 'T: comparison>(engine: TypeEngine) : ITypeTransformer = FSharpSetTransformer<'T>(engine.Get<IReadOnlyList<'T>>())
    static member internal Map<'K, 'V when 'K: comparison>(engine: TypeEngine) : ITypeTransformer =
        FSharpMapTransformer<'K, 'V>(engine.Get<IReadOnlyDictionary<'K, 'V>>())

    /// Lists, sets and maps of FSharp.Core.
    override _.CanTransform(t) =
        t.IsGenericType
        && (let d = t.GetGenericTypeDefinition()
            d = typedefof<list<_>> || d = typedefof<Set<_>> || d = typedefof<Map<_, _>>)

    /// The transformer for a list, set or map type, with its element transformers taken from `engine`.
    override _.Create(t, engine) =
        let d = t.GetGenericTypeDefinition()
        let args = t.GetGenericArguments()
        if d = typedefof<list<_>> then generic "List" args engine
        elif d = typedefof<Set<_>> then generic "Set" args engine
        else generic "Map" args engine

    /// `collection<T>` is guessed as `T list`, `map<string, T>` as `Map<string, T>`, when T can be guessed.
    override _.GuessType(literalType, engine) =
        match literalType.Type with
        | :? TypeKind.CollectionType as c ->
            match engine.GuessType c.ElementType with
            | null -> null
            | element -> typedefof<list<_>>.MakeGenericType(element)
        | :? TypeKind.MapValueType as m ->
            match engine.GuessType m.ValueType with
            | null -> null
            | value -> typedefof<Map<_, _>>.MakeGenericType(typeof<string>, value)
        | _ -> null
