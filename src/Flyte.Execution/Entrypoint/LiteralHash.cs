using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flyte.Types.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Entrypoints;

/// <summary>
/// Flytekit's <c>compute_hash_string</c> (flytekit/utils/pbhash.py): the base64 SHA-256 of the message's proto3 JSON
/// (<c>MessageToDict</c>: lowerCamelCase names, default values left out, 64-bit integers as strings, enums by name),
/// written as Python's <c>json.dumps(sort_keys=True, separators=(",", ":"))</c> does — keys sorted, no spaces, non-ASCII
/// escaped as <c>\uXXXX</c>, floating-point numbers as Python's <c>repr</c> (<c>1.0</c>, <c>1e+16</c>).
/// </summary>
public static class LiteralHash
{
    /// <summary>The hash string of <paramref name="message"/>.</summary>
    public static string Of(IMessage message) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson(message))));

    /// <summary>The canonical JSON text hashed by <see cref="Of"/>.</summary>
    public static string CanonicalJson(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = new StringBuilder();
        WriteMessage(json, message);
        return json.ToString();
    }

    private static void WriteMessage(StringBuilder json, IMessage message)
    {
        switch (message)
        {
            case Wkt.Struct s:
                WriteObject(json, s.Fields.Select(kv => (kv.Key, (Action)(() => WriteValue(json, kv.Value)))));
                return;
            case Wkt.Value v:
                WriteValue(json, v);
                return;
            case Wkt.ListValue l:
                WriteArray(json, l.Values, item => WriteValue(json, item));
                return;
            case Wkt.Timestamp or Wkt.Duration:
                // Their JSON form is one RFC 3339 / "<s>s" string, the same in both libraries.
                json.Append(JsonFormatter.Default.Format(message));
                return;
        }
        var members = new List<(string, Action)>();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (!IsSet(field, value, message)) continue;
            members.Add((field.JsonName, () => WriteField(json, field, value)));
        }
        WriteObject(json, members);
    }

    private static bool IsSet(FieldDescriptor field, object? value, IMessage message)
    {
        if (field.IsRepeated || field.IsMap) return value is System.Collections.ICollection { Count: > 0 };
        if (field.RealContainingOneof is not null || field.FieldType == FieldType.Message) return field.Accessor.HasValue(message);
        return value switch
        {
            null => false,
            string s => s.Length > 0,
            ByteString b => b.Length > 0,
            bool b => b,
            double d => d != 0 || double.IsNegative(d),
            float f => f != 0 || float.IsNegative(f),
            System.Enum e => Convert.ToInt32(e, CultureInfo.InvariantCulture) != 0,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    private static void WriteField(StringBuilder json, FieldDescriptor field, object? value)
    {
        if (field.IsMap)
        {
            var valueField = field.MessageType.FindFieldByNumber(2);
            var entries = ((System.Collections.IDictionary)value!).Cast<System.Collections.DictionaryEntry>();
            WriteObject(json, entries.Select(e => (Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, (Action)(() => WriteSingle(json, valueField, e.Value)))));
            return;
        }
        if (field.IsRepeated)
        {
            WriteArray(json, ((System.Collections.IEnumerable)value!).Cast<object?>(), item => WriteSingle(json, field, item));
            return;
        }
        WriteSingle(json, field, value);
    }

    private static void WriteSingle(StringBuilder json, FieldDescriptor field, object? value)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                WriteMessage(json, (IMessage)value!);
                break;
            case FieldType.Enum:
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                var name = field.EnumType.FindValueByNumber(number)?.Name;
                if (name is null) json.Append(number.ToString(CultureInfo.InvariantCulture));
                else WriteString(json, name);
                break;
            case FieldType.String:
                WriteString(json, (string)value!);
                break;
            case FieldType.Bytes:
                WriteString(json, ((ByteString)value!).ToBase64());
                break;
            case FieldType.Bool:
                json.Append((bool)value! ? "true" : "false");
                break;
            case FieldType.Double:
                WriteDouble(json, (double)value!);
                break;
            case FieldType.Float:
                WriteDouble(json, (float)value!);
                break;
            case FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64:
                WriteString(json, Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            default:
                json.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteValue(StringBuilder json, Wkt.Value value)
    {
        switch (value.KindCase)
        {
            case Wkt.Value.KindOneofCase.NumberValue: WriteDouble(json, value.NumberValue); break;
            case Wkt.Value.KindOneofCase.StringValue: WriteString(json, value.StringValue); break;
            case Wkt.Value.KindOneofCase.BoolValue: json.Append(value.BoolValue ? "true" : "false"); break;
            case Wkt.Value.KindOneofCase.StructValue: WriteMessage(json, value.StructValue); break;
            case Wkt.Value.KindOneofCase.ListValue: WriteMessage(json, value.ListValue); break;
            default: json.Append("null"); break;
        }
    }

    private static void WriteObject(StringBuilder json, IEnumerable<(string Key, Action Write)> members)
    {
        json.Append('{');
        var first = true;
        foreach (var (key, write) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!first) json.Append(',');
            first = false;
            WriteString(json, key);
            json.Append(':');
            write();
        }
        json.Append('}');
    }

    private static void WriteArray<T>(StringBuilder json, IEnumerable<T> items, Action<T> write)
    {
        json.Append('[');
        var first = true;
        foreach (var item in items)
        {
            if (!first) json.Append(',');
            first = false;
            write(item);
        }
        json.Append(']');
    }

    // json.dumps with ensure_ascii: ", \ and control characters escaped, everything beyond ASCII as \uXXXX (UTF-16 units).
    private static void WriteString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }

    // json.dumps of a float: Python's repr, with NaN and the infinities as the strings mashumaro's msgpack turns them into.
    private static void WriteDouble(StringBuilder json, double value)
    {
        if (double.IsNaN(value)) json.Append("\"NaN\"");
        else if (double.IsInfinity(value)) json.Append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        else json.Append(PythonFormats.FloatRepr(value));
    }
}
