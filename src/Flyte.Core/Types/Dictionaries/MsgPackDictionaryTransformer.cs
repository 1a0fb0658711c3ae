using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Nested;

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

    public override ValueTask<Literal> ToLiteralAsync(TDictionary dictionary, TransformerContext context)
    {
        if (dictionary is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(TDictionary).Name} cannot be null; declare it nullable to make it optional.");
        return MsgPackBinary.ToLiteralAsync(this, dictionary, context);
    }

    public override async ValueTask<TDictionary> ToValueAsync(Literal literal, TransformerContext context)
    {
        if (literal.Value is not Binary { Tag: Binary.MessagePackTag } binary)
            throw new TypeTransformerException(LiteralType, Describe.Literal(literal), "A dictionary with non-string keys travels as a msgpack binary.");
        try
        {
            return await MsgPackBinary.DecodeAsync(this, binary.Value.Memory, context).ConfigureAwait(false);
        }
        catch (CodecMismatchException e) when (e.Fields.Count == 1)
        {
            throw new TypeTransformerException(LiteralType, Describe.Literal(binary), e.Fields[0].Description, e).AtPath(e.Fields[0].Field);
        }
        catch (CodecMismatchException e)
        {
            throw TypeTransformerException.StructureMismatch($"{typeof(TDictionary).Name} ({Name})", $"a map with {e.Fields.Count} mismatching entries", e.Fields);
        }
        catch (Exception e) when (e is CodecReadException or MessagePackException)
        {
            throw new TypeTransformerException(LiteralType, Describe.Literal(binary), "The msgpack payload is not such a map: " + e.Message, e);
        }
    }

    /// <summary>A msgpack map with native keys (nil for null).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TDictionary dictionary, MsgPackContext context)
    {
        if (dictionary is null) writer.WriteNil();
        else MsgPackCollections.WriteMap(ref writer, key, value, dictionary, context);
    }

    /// <inheritdoc />
    public override TDictionary ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        if (reader.TryReadNil()) return default!;
        var entries = MsgPackCollections.ReadMap(ref reader, key, value, context);
        try
        {
            return build(entries);
        }
        catch (ArgumentException e)
        {
            throw new CodecReadException("two keys decode to the same .NET key: " + e.Message, e);
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
