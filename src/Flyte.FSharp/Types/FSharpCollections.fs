namespace Flyte.FSharp

open System
open System.Collections.Generic
open System.Reflection
open System.Threading.Tasks
open Flyte
open Flyte.Types

/// Reads and writes LiteralMap literals entry by entry.
module internal Literals =
    let toMap (value: TypeTransformer<'T>) (context: TransformerContext) (entries: KeyValuePair<string, 'T> seq) : Task<Literal> =
        task {
            let literals = ResizeArray()
            for entry in entries do
                let! literal = Convert.at $"[\"{entry.Key}\"]" (fun () -> value.ToLiteralAsync(entry.Value, context).AsTask())
                literals.Add(KeyValuePair(entry.Key, literal))
            return Literal(LiteralMap(ValueMap<Literal>(literals)))
        }

    let ofMap (value: TypeTransformer<'T>) (expected: LiteralType) (context: TransformerContext) (literal: Literal) : Task<(string * 'T) ResizeArray> =
        task {
            match literal.Value with
            | :? LiteralMap as map ->
                let values = ResizeArray(map.Literals.Count)
                for entry in map.Literals do
                    let! v = Convert.at $"[\"{entry.Key}\"]" (fun () -> value.ToValueAsync(entry.Value, context).AsTask())
                    values.Add((entry.Key, v))
                return values
            | _ -> return raise (TypeTransformerException(expected, string literal))
        }

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

/// `Map<string, 'T>` as a Flyte literal map (flytekit's "Typed Dict").
type FSharpStringMapTransformer<'T>(value: TypeTransformer<'T>) =
    inherit TypeTransformer<Map<string, 'T>>()
    let literalType = LiteralType.MapOf value.LiteralType
    /// "Typed Dict", as flytekit names Dict[str, T].
    override _.Name = "Typed Dict"
    /// A map of the value type.
    override _.LiteralType = literalType
    /// A LiteralMap of the values' literals.
    override _.ToLiteralAsync(map, context) =
        ValueTask<Literal>(Literals.toMap value context (map |> Seq.map (fun kv -> KeyValuePair(kv.Key, kv.Value))))
    /// The map of the literal map's entries.
    override _.ToValueAsync(literal, context) =
        ValueTask<Map<string, 'T>>(task {
            let! entries = Literals.ofMap value literalType context literal
            return Map.ofSeq entries
        })

/// `Map<'K, 'V>` with keys other than strings: whatever the engine does for `Dictionary<'K, 'V>` (Core writes a
/// msgpack STRUCT with native keys, as flytekit does for `Dict[int, str]`), converted to and from a Map.
type FSharpKeyedMapTransformer<'K, 'V when 'K: comparison and 'K: not null>(dictionary: TypeTransformer<Dictionary<'K, 'V>>) =
    inherit TypeTransformer<Map<'K, 'V>>()
    /// The dictionary transformer's name.
    override _.Name = dictionary.Name
    /// The dictionary transformer's type.
    override _.LiteralType = dictionary.LiteralType
    /// The dictionary's literal.
    override _.ToLiteralAsync(map, context) = dictionary.ToLiteralAsync(Dictionary<'K, 'V>(map :> IDictionary<'K, 'V>), context)
    /// The map of the dictionary read.
    override _.ToValueAsync(literal, context) =
        ValueTask<Map<'K, 'V>>(task {
            let! entries = dictionary.ToValueAsync(literal, context)
            return entries |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
        })

/// The family of F# lists, sets and maps. Arrays are Core's.
type FSharpCollectionsFactory() =
    inherit TransformerFactory()

    static let generic name typeArguments engine = Convert.invokeGeneric typeof<FSharpCollectionsFactory> name typeArguments engine

    static member internal List<'T>(engine: TypeEngine) : ITypeTransformer = FSharpListTransformer<'T>(engine.Get<IReadOnlyList<'T>>())
    static member internal Set<'T when 'T: comparison>(engine: TypeEngine) : ITypeTransformer = FSharpSetTransformer<'T>(engine.Get<IReadOnlyList<'T>>())
    static member internal StringMap<'T>(engine: TypeEngine) : ITypeTransformer = FSharpStringMapTransformer<'T>(engine.Get<'T>())
    static member internal KeyedMap<'K, 'V when 'K: comparison and 'K: not null>(engine: TypeEngine) : ITypeTransformer =
        FSharpKeyedMapTransformer<'K, 'V>(engine.Get<Dictionary<'K, 'V>>())

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
        elif args[0] = typeof<string> then generic "StringMap" [| args[1] |] engine
        else generic "KeyedMap" args engine

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
