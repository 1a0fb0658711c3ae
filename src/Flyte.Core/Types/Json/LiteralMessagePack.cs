using System.Buffers;
using System.Globalization;
using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Json;

/// <summary>
/// The msgpack view of a literal, as flytekit embeds Flyte values inside dataclasses: primitive → the value, collection →
/// array, map → map, msgpack Binary → the embedded value, Blob → <c>{"path": uri}</c>, StructuredDataset →
/// <c>{"uri", "file_format"}</c>; and back, guided by the field's <see cref="LiteralType"/>.
/// </summary>
internal static class LiteralMessagePack
{
    public static void Write(ref MessagePackWriter w, Literal literal)
    {
        switch (literal.Value)
        {
            case Primitive.Integer i: w.Write(i.Value); break;
            case Primitive.FloatValue f: w.Write(f.Value); break;
            case Primitive.StringValue s: w.WriteString(s.Value); break;
            case Primitive.Boolean b: w.Write(b.Value); break;
            case Primitive.Datetime d: w.WriteString(PythonFormats.IsoFormat(d.Value)); break;
            case Primitive.Duration d: w.Write(PythonFormats.ToSeconds(d.Value)); break;
            case Void: w.WriteNil(); break;
            case Binary { Tag: Binary.MessagePackTag } b: w.WriteRaw(b.Value.Span); break;
            case Binary b: w.WriteBinary(b.Value.Span); break;
            case Blob b:
                // flytekit's FlyteFile._serialize: {"path": uri}, plus "metadata" when the literal carries any.
                w.WriteMapHeader(literal.Metadata.Count == 0 ? 1 : 2);
                w.WriteString("path");
                w.WriteString(b.Uri);
                if (literal.Metadata.Count > 0)
                {
                    w.WriteString("metadata");
                    w.WriteMapHeader(literal.Metadata.Count);
                    foreach (var (key, value) in literal.Metadata)
                    {
                        w.WriteString(key);
                        w.WriteString(value);
                    }
                }
                break;
            case StructuredDataset sd:
                w.WriteMapHeader(2);
                w.WriteString("uri");
                w.WriteString(sd.Uri);
                w.WriteString("file_format");
                w.WriteString(sd.Metadata?.StructuredDatasetType.Format ?? "");
                break;
            case Generic g: WriteStruct(ref w, g.Value); break;
            case Union u: Write(ref w, u.Value); break;
            case Error e:
                w.WriteMapHeader(2);
                w.WriteString("failed_node_id");
                w.WriteString(e.FailedNodeId);
                w.WriteString("message");
                w.WriteString(e.Message);
                break;
            case LiteralCollection c:
                w.WriteArrayHeader(c.Literals.Count);
                foreach (var item in c.Literals) Write(ref w, item);
                break;
            case LiteralMap m:
                w.WriteMapHeader(m.Literals.Count);
                foreach (var (key, item) in m.Literals)
                {
                    w.WriteString(key);
                    Write(ref w, item);
                }
                break;
            default:
                throw new TypeTransformerException("a literal that fits inside a record", literal.ToString(),
                    "Offloaded and legacy schema literals cannot be embedded in msgpack.");
        }
    }

    /// <summary>A protobuf Struct as a msgpack map; its numbers stay float64 (integer fields accept integral floats on read).</summary>
    public static void WriteStruct(ref MessagePackWriter w, Struct value)
    {
        w.WriteMapHeader(value.Fields.Count);
        foreach (var (key, item) in value.Fields)
        {
            w.WriteString(key);
            WriteStructValue(ref w, item);
        }
    }

    public static void WriteStructValue(ref MessagePackWriter w, StructValue value)
    {
        switch (value)
        {
            case StructValue.Null: w.WriteNil(); break;
            case StructValue.Number n: w.Write(n.Value); break;
            case StructValue.String s: w.WriteString(s.Value); break;
            case StructValue.Bool b: w.Write(b.Value); break;
            case StructValue.Object o: WriteStruct(ref w, o.Value); break;
            case StructValue.List l:
                w.WriteArrayHeader(l.Values.Count);
                foreach (var item in l.Values) WriteStructValue(ref w, item);
                break;
        }
    }

    public static byte[] StructToBytes(Struct value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        WriteStruct(ref w, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the next msgpack value as a literal of <paramref name="type"/>.</summary>
    public static Literal Read(ref MessagePackReader r, LiteralType type)
    {
        switch (type.Type)
        {
            case UnionType union:
                foreach (var variant in union.Variants)
                {
                    var snapshot = r;
                    try
                    {
                        var value = Read(ref r, variant);
                        return new Union(value, variant);
                    }
                    catch (Exception e) when (Mismatches.IsReadError(e))
                    {
                        r = snapshot;
                    }
                }
                throw new CodecReadException($"{MsgPackRead.Describe(ref r)} fits no variant of {type}");
            case TypeKind.Simple { Type: SimpleType.None }:
                r.ReadNil();
                return Void.Instance;
        }
        if (r.TryReadNil()) return Void.Instance;
        switch (type.Type)
        {
            case TypeKind.Simple simple:
                return simple.Type switch
                {
                    SimpleType.Integer => new Primitive.Integer(MsgPackRead.Integer(ref r)),
                    SimpleType.Float => new Primitive.FloatValue(r.ReadDouble()),
                    SimpleType.String => new Primitive.StringValue(MsgPackRead.Text(ref r, "a string")),
                    SimpleType.Boolean => new Primitive.Boolean(r.ReadBoolean()),
                    SimpleType.Datetime => new Primitive.Datetime(ReadDateTime(ref r)),
                    SimpleType.Duration => new Primitive.Duration(r.PeekType() == MessagePackType.String
                        ? PythonFormats.ParseDuration(r.ReadString()) : PythonFormats.FromSeconds(r.ReadDouble())),
                    SimpleType.Binary => new Binary(Bytes.CopyFrom(r.ReadBinary()), ""),
                    _ => new Binary(Bytes.CopyFrom(r.ReadRaw()), Binary.MessagePackTag),
                };
            case EnumType:
                return new Primitive.StringValue(MsgPackRead.Text(ref r, "an enum value"));
            case TypeKind.CollectionType collection:
            {
                var count = r.ReadArrayHeader();
                var items = new Literal[count];
                for (var i = 0; i < count; i++) items[i] = Read(ref r, collection.ElementType);
                return new LiteralCollection(items);
            }
            case TypeKind.MapValueType map:
            {
                var count = r.ReadMapHeader();
                var entries = new List<KeyValuePair<string, Literal>>(count);
                for (var i = 0; i < count; i++)
                {
                    var key = MsgPackRead.Text(ref r, "a map key");
                    entries.Add(new(key, Read(ref r, map.ValueType)));
                }
                return new LiteralMap(new ValueMap<Literal>(entries));
            }
            case BlobType blob:
            {
                var fields = ReadStringFields(ref r, out var metadata);
                var uri = fields.GetValueOrDefault("path") ?? fields.GetValueOrDefault("uri")
                          ?? throw new CodecReadException("a file or directory inside a record needs a \"path\"");
                return new Literal(new Blob(new BlobMetadata(blob), uri)) { Metadata = metadata };
            }
            case StructuredDatasetType sd:
            {
                var fields = ReadStringFields(ref r, out _);
                var uri = fields.GetValueOrDefault("uri") ?? throw new CodecReadException("a structured dataset inside a record needs a \"uri\"");
                var format = fields.GetValueOrDefault("file_format") ?? sd.Format;
                return new StructuredDataset(uri, new StructuredDatasetMetadata(sd with { Format = format }));
            }
            default:
                throw new CodecReadException($"cannot read a {type} from msgpack");
        }
    }

    private static DateTime ReadDateTime(ref MessagePackReader r)
    {
        var text = MsgPackRead.Text(ref r, "a datetime");
        var parsed = PythonFormats.ParseDateTime(text, out var aware) ?? throw new CodecReadException($"\"{text}\" is not an ISO 8601 datetime");
        // Naive datetimes are taken as UTC, as flytekit does.
        return aware ? parsed.UtcDateTime : DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Utc);
    }

    /// <summary>The string fields of a map, and its <c>"metadata"</c> map of strings (flytekit's file form), empty when absent.</summary>
    private static Dictionary<string, string> ReadStringFields(ref MessagePackReader r, out ValueMap<string> metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        metadata = ValueMap<string>.Empty;
        var count = r.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = r.PeekType() == MessagePackType.String ? r.ReadString() : null;
            if (key is null) r.Skip();
            if (key is not null && r.PeekType() == MessagePackType.String) result[key] = r.ReadString();
            else if (key == "metadata" && r.PeekType() == MessagePackType.Map)
            {
                var entries = ReadStringFields(ref r, out _);
                metadata = new ValueMap<string>(entries);
            }
            else r.Skip();
        }
        return result;
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
