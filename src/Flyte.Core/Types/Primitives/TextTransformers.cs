using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Primitives;

/// <summary><c>string</c> ⇄ Flyte STRING, flytekit's <c>str</c>. Null is an error: declare <c>string?</c> to make it optional.</summary>
internal sealed class StringTransformer() : ScalarTransformer<string>("str", LiteralType.Of(SimpleType.String))
{
    /// <summary>A msgpack str; nil for null (a record member of a nullable-oblivious type).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, string value, MsgPackContext context)
    {
        if (value is null) writer.WriteNil();
        else writer.WriteString(value);
    }

    /// <inheritdoc />
    public override string ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? null! : MsgPackRead.Text(ref reader, "text");

    public override Literal Encode(string value) =>
        value is null ? throw BadValue("null", "A string cannot be null; declare it string? to make it optional.") : new Primitive.StringValue(value);

    protected override bool TryDecode(Primitive primitive, out string value)
    {
        value = (primitive as Primitive.StringValue)?.Value!;
        return value is not null;
    }
}

/// <summary><c>Guid</c> ⇄ Flyte STRING (<c>"d"</c> format, lower case; mashumaro writes a Python UUID the same way), tagged <c>str</c>.</summary>
internal sealed class GuidTransformer() : ScalarTransformer<Guid>("str", LiteralType.Of(SimpleType.String))
{
    /// <summary>The hyphenated form, as Python's <c>str(uuid)</c>.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, Guid value, MsgPackContext context) => writer.WriteString(value.ToString("D"));

    /// <inheritdoc />
    public override Guid ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a UUID");
        return Guid.TryParse(text, out var g) ? g : throw new CodecReadException($"\"{text}\" is not a UUID");
    }

    public override Literal Encode(Guid value) => new Primitive.StringValue(value.ToString("D"));

    protected override bool TryDecode(Primitive primitive, out Guid value)
    {
        value = default;
        if (primitive is not Primitive.StringValue s) return false;
        return Guid.TryParse(s.Value, out value) ? true : throw BadValue(s.ToString(), "It is not a GUID.");
    }
}

/// <summary><c>Uri</c> ⇄ Flyte STRING (the original text), tagged <c>str</c>. Null is an error, as for strings.</summary>
internal sealed class UriTransformer() : ScalarTransformer<Uri>("str", LiteralType.Of(SimpleType.String))
{
    /// <summary>The original string; nil for null.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, Uri value, MsgPackContext context)
    {
        if (value is null) writer.WriteNil();
        else writer.WriteString(value.OriginalString);
    }

    /// <inheritdoc />
    public override Uri ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? null! : new Uri(MsgPackRead.Text(ref reader, "a URI"), UriKind.RelativeOrAbsolute);

    public override Literal Encode(Uri value) =>
        value is null ? throw BadValue("null", "A Uri cannot be null; declare it Uri? to make it optional.") : new Primitive.StringValue(value.OriginalString);

    protected override bool TryDecode(Primitive primitive, out Uri value)
    {
        value = null!;
        if (primitive is not Primitive.StringValue s) return false;
        return Uri.TryCreate(s.Value, UriKind.RelativeOrAbsolute, out value!) ? true : throw BadValue(s.ToString(), "It is not a URI.");
    }
}

/// <summary><c>bool</c> ⇄ Flyte BOOLEAN, flytekit's <c>bool</c>. An integer is not a boolean (flytekit checks exactly too).</summary>
internal sealed class BooleanTransformer() : ScalarTransformer<bool>("bool", LiteralType.Of(SimpleType.Boolean))
{
    /// <summary>A msgpack boolean.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, bool value, MsgPackContext context) => writer.Write(value);

    /// <inheritdoc />
    public override bool ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => reader.ReadBoolean();

    public override Literal Encode(bool value) => new Primitive.Boolean(value);

    protected override bool TryDecode(Primitive primitive, out bool value)
    {
        value = primitive is Primitive.Boolean { Value: true };
        return primitive is Primitive.Boolean;
    }
}

/// <summary>
/// <c>char</c> ⇄ Flyte STRING of one character (Python has no character type; a <c>str</c> of length one).
/// </summary>
internal sealed class CharTransformer() : ScalarTransformer<char>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(char value) => new Primitive.StringValue(value.ToString());

    protected override bool TryDecode(Primitive primitive, out char value)
    {
        value = default;
        if (primitive is not Primitive.StringValue s) return false;
        if (s.Value.Length != 1) throw BadValue(s.ToString(), "It is not one character.");
        value = s.Value[0];
        return true;
    }

    /// <summary>A msgpack str of one character.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, char value, MsgPackContext context) => writer.WriteString([value]);

    /// <inheritdoc />
    public override char ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a character");
        return text.Length == 1 ? text[0] : throw new CodecReadException($"expected one character, found \"{text}\"");
    }
}
