using Flyte.MessagePack;
using Flyte.Types.Collections;
using Flyte.Types.Internal;

namespace Flyte.Types.Dictionaries;

/// <summary>
/// A dictionary whose keys are not strings (<c>Dictionary&lt;int, string&gt;</c>) as flytekit writes <c>Dict[int, str]</c>:
/// LiteralType STRUCT with the msgpack cache-key annotation and no metadata, literal
/// <c>Binary{msgpack map with native keys, tag "msgpack"}</c> (<c>{1: "a"}</c> → <c>81 01 a1 61</c>), name <c>Typed Dict</c>.
/// Keys and values go through their own transformers and then into msgpack as flytekit's mashumaro would write them.
/// </summary>
internal sealed class MsgPackDictionaryTransformer<TDictionary, TKey, TValue>(
    TypeTransformer<TKey> key, TypeTransformer<TValue> value, Func<KeyValuePair<TKey, TValue>[], TDictionary> build)
    : TypeTransformer<TDictionary>
    where TDictionary : IEnumerable<KeyValuePair<TKey, TValue>>
{
    public override string Name => "Typed Dict";

    public override LiteralType LiteralType => MsgPackDictionaryTransformer.StructType;

    public override async ValueTask<Literal> ToLiteralAsync(TDictionary dictionary, TransformerContext context)
    {
        if (dictionary is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(TDictionary).Name} cannot be null; declare it nullable to make it optional.");
        var entries = dictionary.ToArray();
        var keys = await Elements.ToLiteralsAsync(key, Array.ConvertAll(entries, e => e.Key), context,
            i => MapTransformer<Dictionary<string, TValue>, TValue>.KeySegment(entries[i].Key)).ConfigureAwait(false);
        var values = await Elements.ToLiteralsAsync(value, Array.ConvertAll(entries, e => e.Value), context,
            i => MapTransformer<Dictionary<string, TValue>, TValue>.KeySegment(entries[i].Key)).ConfigureAwait(false);
        var map = new MessagePackValue.MapValue(keys.Select((k, i) =>
            new MessagePackEntry(MsgPackLiterals.ToMsgPack(k), MsgPackLiterals.ToMsgPack(values[i]))).ToValueList());
        return new Binary(Bytes.Wrap(map.Encode()), Binary.MessagePackTag);
    }

    public override async ValueTask<TDictionary> ToValueAsync(Literal literal, TransformerContext context)
    {
        if (literal.Value is not Binary { Tag: Binary.MessagePackTag } binary)
            throw new TypeTransformerException(LiteralType, Describe.Literal(literal), "A dictionary with non-string keys travels as a msgpack binary.");
        MessagePackValue node;
        try { node = MessagePackValue.Decode(binary.Value.Span); }
        catch (MessagePackException e)
        {
            throw new TypeTransformerException(LiteralType, Describe.Literal(binary), "The msgpack payload is malformed: " + e.Message, e);
        }
        if (node is not MessagePackValue.MapValue map)
            throw new TypeTransformerException(LiteralType, $"the msgpack value {node}", "Expected a msgpack map.");
        var entries = map.Entries.Items;
        // The msgpack tree prints keys as Python would write them: strings quoted, numbers bare.
        string Segment(int i) => "[" + entries[i].Key + "]";
        var keys = await Elements.ToValuesAsync(key, entries.Select(e => MsgPackLiterals.FromMsgPack(e.Key, key.LiteralType)).ToArray(),
            context, Segment).ConfigureAwait(false);
        var values = await Elements.ToValuesAsync(value, entries.Select(e => MsgPackLiterals.FromMsgPack(e.Value, value.LiteralType)).ToArray(),
            context, Segment).ConfigureAwait(false);
        try
        {
            return build(keys.Select((k, i) => new KeyValuePair<TKey, TValue>(k, values[i])).ToArray());
        }
        catch (ArgumentException e)
        {
            throw new TypeTransformerException(LiteralType, $"the msgpack map {node}", "Two keys decode to the same .NET key.", e);
        }
    }
}

/// <summary>The literal type shared by every non-string-keyed dictionary.</summary>
internal static class MsgPackDictionaryTransformer
{
    /// <summary>STRUCT with annotation <c>{"cache-key-metadata":{"serialization-format":"msgpack"}}</c> and no metadata.</summary>
    public static LiteralType StructType { get; } = LiteralType.Of(SimpleType.Struct) with
    {
        Annotation = new TypeAnnotation(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", "msgpack"))))),
    };
}
