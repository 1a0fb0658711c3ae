using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Nested;
using Flyte.Types.Json;

namespace Flyte.Types.Enums;

/// <summary>
/// A .NET enum ⇄ Flyte <see cref="EnumType"/> whose values are the members' wire values in declaration order; the
/// literal is a string primitive. Name <c>DefaultEnumTransformer</c>, as flytekit's.
/// <para>
/// Wire value of a member: <see cref="FlyteEnumValueAttribute"/>, else <c>[EnumMember(Value)]</c>, else
/// <c>[JsonStringEnumMemberName]</c>, else the member name (which is what Flyte 2 sends; flytekit sends the Python
/// value, so give the value with an attribute when it differs). Reading accepts the wire value and, failing that, the
/// member name, so both SDK generations decode.
/// </para>
/// </summary>
internal sealed class DefaultEnumTransformer<TEnum> : TypeTransformer<TEnum> where TEnum : struct, Enum
{
    private readonly FrozenDictionary<TEnum, Literal> _toLiteral;
    private readonly FrozenDictionary<string, TEnum> _byWire;
    private readonly FrozenDictionary<string, TEnum> _byName;

    public DefaultEnumTransformer()
    {
        var members = typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => (Value: (TEnum)f.GetValue(null)!, f.Name, Wire: WireValue(f)))
            .ToArray();
        var duplicate = members.GroupBy(m => m.Wire).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Enum {typeof(TEnum).Name} has several members with the wire value '{duplicate.Key}'.");
        // Aliases (two names, one numeric value) write the first declared name.
        _toLiteral = members.DistinctBy(m => m.Value).ToFrozenDictionary(m => m.Value, m => new Literal(new Primitive.StringValue(m.Wire)));
        _byWire = members.ToFrozenDictionary(m => m.Wire, m => m.Value, StringComparer.Ordinal);
        _byName = members.ToFrozenDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        LiteralType = new LiteralType(new EnumType(members.Select(m => m.Wire).ToValueList()));
    }

    public override string Name => "DefaultEnumTransformer";

    public override LiteralType LiteralType { get; }

    public override ValueTask<Literal> ToLiteralAsync(TEnum value, TransformerContext context) =>
        _toLiteral.TryGetValue(value, out var literal)
            ? new(literal)
            : throw new TypeTransformerException(LiteralType, $"the value {value} of {typeof(TEnum).Name}",
                "It is not a declared member (combined flags and casts of other numbers have no wire value).");

    public override ValueTask<TEnum> ToValueAsync(Literal literal, TransformerContext context)
    {
        var value = literal.Value;
        if (value is Binary { Tag: Binary.MessagePackTag } binary) value = MsgPackLiterals.FromBinary(binary, LiteralType).Value;
        if (value is not Primitive.StringValue s)
            throw new TypeTransformerException(LiteralType, Describe.Literal(value), "An enum travels as a string.");
        if (_byWire.TryGetValue(s.Value, out var member) || _byName.TryGetValue(s.Value, out member)) return new(member);
        throw new TypeTransformerException(LiteralType, $"the string \"{s.Value}\"",
            $"It is not a value of {typeof(TEnum).Name} (known: {string.Join(", ", _byWire.Keys.Order(StringComparer.Ordinal))}).");
    }

    /// <summary>The member's wire value as a msgpack str.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TEnum value, MsgPackContext context)
    {
        if (!_toLiteral.TryGetValue(value, out var literal))
            throw new TypeTransformerException($"one of {string.Join(", ", _byWire.Keys)}", value.ToString(), $"{typeof(TEnum).Name} has no member with this value.");
        writer.WriteString(((Primitive.StringValue)literal.Value).Value);
    }

    /// <summary>The wire value or, failing that, the member name (flyte-sdk writes names).</summary>
    public override TEnum ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "an enum value");
        return _byWire.TryGetValue(text, out var member) || _byName.TryGetValue(text, out member) ? member
            : throw new CodecReadException($"\"{text}\" is not one of {string.Join(", ", LiteralTypeValues)}");
    }

    private IEnumerable<string> LiteralTypeValues => ((EnumType)LiteralType.Type).Values;

    private static string WireValue(FieldInfo field) =>
        field.GetCustomAttribute<FlyteEnumValueAttribute>()?.Value
        ?? field.GetCustomAttribute<EnumMemberAttribute>()?.Value
        ?? field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? field.Name;
}
