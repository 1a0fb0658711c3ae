using System.Globalization;

namespace Flyte.Types.Internal;

/// <summary>
/// Moves values between Flyte literals and the msgpack tree, the way flytekit's attribute access and its
/// non-string-keyed dictionaries do (reference §2.4, §2.6.1, §2.6.3): a datetime is a Python isoformat string, a
/// duration float seconds, a record's own msgpack payload is embedded verbatim.
/// </summary>
internal static class MsgPackLiterals
{
    /// <summary>The msgpack tree of a literal written by a built-in transformer.</summary>
    public static object? ToMsgPack(Literal literal) => literal.Value switch
    {
        Primitive.Integer i => i.Value,
        Primitive.FloatValue f => f.Value,
        Primitive.StringValue s => s.Value,
        Primitive.Boolean b => b.Value,
        Primitive.Datetime t => PythonIsoFormat(t.Value),
        Primitive.Duration d => d.Value.Ticks / (double)TimeSpan.TicksPerSecond,
        Void => null,
        Binary { Tag: Binary.MessagePackTag } b => new RawMsgPack(b.Value.ToArray()),
        Binary b => b.Value.ToArray(),
        Union u => ToMsgPack(u.Value),
        LiteralCollection c => c.Literals.Select(ToMsgPack).ToArray(),
        LiteralMap m => new MsgPackMap(m.Literals.Select(kv => new KeyValuePair<object?, object?>(kv.Key, ToMsgPack(kv.Value))).ToArray()),
        _ => throw new TypeTransformerException("a value msgpack can hold", Describe.Literal(literal),
            "Only primitives, binaries, collections and maps can be written inside a msgpack value."),
    };

    /// <summary>Decodes a msgpack <see cref="Binary"/> into the literal shape <paramref name="type"/> expects.</summary>
    public static Literal FromBinary(Binary binary, LiteralType type)
    {
        object? node;
        try { node = MiniMsgPack.Read(binary.Value.Span); }
        catch (FormatException e)
        {
            throw new TypeTransformerException(type, Describe.Literal(binary), "The msgpack payload is malformed: " + e.Message, e);
        }
        return FromMsgPack(node, type);
    }

    /// <summary>The literal of a msgpack tree, shaped by <paramref name="type"/> where the tree alone is ambiguous.</summary>
    public static Literal FromMsgPack(object? node, LiteralType type)
    {
        switch (type.Type, node)
        {
            case (TypeKind.Simple { Type: SimpleType.Struct }, not null):
                return new Binary(Bytes.Wrap(MiniMsgPack.Write(node)), Binary.MessagePackTag);
            case (TypeKind.CollectionType c, object?[] items):
                return new LiteralCollection(items.Select(item => FromMsgPack(item, c.ElementType)).ToValueList());
            case (TypeKind.MapValueType m, MsgPackMap map):
                return new LiteralMap(new ValueMap<Literal>(map.Entries.Select(kv => new KeyValuePair<string, Literal>(
                    kv.Key as string ?? throw new TypeTransformerException(type, $"a map key {kv.Key}", "Flyte maps have string keys."),
                    FromMsgPack(kv.Value, m.ValueType)))));
            case (UnionType u, not null) when u.Variants.Count(IsNotNone) == 1:
                return FromMsgPack(node, u.Variants.First(IsNotNone));
        }
        return node switch
        {
            null => Void.Instance,
            bool b => new Primitive.Boolean(b),
            long l => new Primitive.Integer(l),
            ulong u => throw new TypeTransformerException(type, $"the integer {u}", "It does not fit a Flyte INTEGER (int64)."),
            double d => new Primitive.FloatValue(d),
            string s => new Primitive.StringValue(s),
            byte[] bytes => new Binary(Bytes.Wrap(bytes), ""),
            object?[] items => new LiteralCollection(items.Select(item => FromMsgPack(item, LiteralType.Of(SimpleType.Struct))).ToValueList()),
            _ => new Binary(Bytes.Wrap(MiniMsgPack.Write(node)), Binary.MessagePackTag),
        };
    }

    private static bool IsNotNone(LiteralType t) => t.Type is not TypeKind.Simple { Type: SimpleType.None };

    /// <summary>Python's <c>datetime.isoformat()</c> of an aware UTC datetime (microseconds only when non-zero).</summary>
    public static string PythonIsoFormat(DateTime utc)
    {
        var micros = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (micros != 0) text += "." + micros.ToString("D6", CultureInfo.InvariantCulture);
        return text + "+00:00";
    }
}
