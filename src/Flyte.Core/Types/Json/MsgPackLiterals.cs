using Flyte.MessagePack;
using Flyte.Types.Internal;
using static Flyte.MessagePack.MessagePackValue;

namespace Flyte.Types.Json;

/// <summary>
/// Moves values between Flyte literals and msgpack trees, the way flytekit's attribute access and its
/// non-string-keyed dictionaries do (reference §2.4, §2.6.1, §2.6.3): a datetime is a Python isoformat string, a
/// duration float seconds, a record's own msgpack payload is embedded as its tree.
/// </summary>
internal static class MsgPackLiterals
{
    private static readonly LiteralType StructType = LiteralType.Of(SimpleType.Struct);

    /// <summary>The msgpack tree of a literal written by a built-in transformer.</summary>
    public static MessagePackValue ToMsgPack(Literal literal) => literal.Value switch
    {
        Primitive.Integer i => i.Value,
        Primitive.FloatValue f => f.Value,
        Primitive.StringValue s => s.Value,
        Primitive.Boolean b => b.Value,
        Primitive.Datetime t => PythonFormats.IsoFormat(DateTime.SpecifyKind(t.Value, DateTimeKind.Utc)),
        Primitive.Duration d => PythonFormats.ToSeconds(d.Value),
        Void => Nil,
        Binary { Tag: Binary.MessagePackTag } b => Decode(b.Value.Span),
        Binary b => new BinaryValue(b.Value),
        Union u => ToMsgPack(u.Value),
        LiteralCollection c => new ArrayValue(c.Literals.Select(ToMsgPack).ToValueList()),
        LiteralMap m => new MapValue(m.Literals.Select(kv => new MessagePackEntry(kv.Key, ToMsgPack(kv.Value))).ToValueList()),
        _ => throw new TypeTransformerException("a value msgpack can hold", Describe.Literal(literal),
            "Only primitives, binaries, collections and maps can be written inside a msgpack value."),
    };

    /// <summary>Decodes a msgpack <see cref="Binary"/> into the literal shape <paramref name="type"/> expects.</summary>
    public static Literal FromBinary(Binary binary, LiteralType type)
    {
        MessagePackValue node;
        try { node = Decode(binary.Value.Span); }
        catch (MessagePackException e)
        {
            throw new TypeTransformerException(type, Describe.Literal(binary), "The msgpack payload is malformed: " + e.Message, e);
        }
        return FromMsgPack(node, type);
    }

    /// <summary>The literal of a msgpack tree, shaped by <paramref name="type"/> where the tree alone is ambiguous.</summary>
    public static Literal FromMsgPack(MessagePackValue node, LiteralType type)
    {
        switch (type.Type, node)
        {
            case (TypeKind.Simple { Type: SimpleType.Struct }, not NilValue):
                return new Binary(Bytes.Wrap(node.Encode()), Binary.MessagePackTag);
            case (TypeKind.CollectionType c, ArrayValue array):
                return new LiteralCollection(array.Items.Select(item => FromMsgPack(item, c.ElementType)).ToValueList());
            case (TypeKind.MapValueType m, MapValue map):
                return new LiteralMap(new ValueMap<Literal>(map.Entries.Select(e => new KeyValuePair<string, Literal>(
                    e.Key is StringValue key ? key.Value : throw new TypeTransformerException(type, $"the map key {e.Key}", "Flyte maps have string keys."),
                    FromMsgPack(e.Value, m.ValueType)))));
            case (UnionType u, not NilValue) when u.Variants.Count(IsNotNone) == 1:
                return FromMsgPack(node, u.Variants.First(IsNotNone));
        }
        return node switch
        {
            NilValue => Void.Instance,
            BooleanValue b => new Primitive.Boolean(b.Value),
            IntegerValue { FitsInt64: true } i => new Primitive.Integer(i.ToInt64()),
            IntegerValue i => throw new TypeTransformerException(type, $"the integer {i}", "It does not fit Flyte's INTEGER (int64)."),
            FloatValue f => new Primitive.FloatValue(f.Value),
            StringValue s => new Primitive.StringValue(s.Value),
            BinaryValue b => new Binary(b.Value, ""),
            ArrayValue array => new LiteralCollection(array.Items.Select(item => FromMsgPack(item, StructType)).ToValueList()),
            _ => new Binary(Bytes.Wrap(node.Encode()), Binary.MessagePackTag),
        };
    }

    private static bool IsNotNone(LiteralType t) => t.Type is not TypeKind.Simple { Type: SimpleType.None };
}
