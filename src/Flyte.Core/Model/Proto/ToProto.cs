using Google.Protobuf;
using Pb = Flyteidl.Core;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Proto;

/// <summary>
/// Maps the immutable model to the generated flyteidl protobuf classes and back. This half writes (model → proto); it is
/// total: every model value has a proto form. The reading half (<c>ToModel</c>) lives in <c>FromProto.cs</c>.
/// </summary>
public static partial class ProtoMapping
{
    /// <summary>The proto form of a literal.</summary>
    public static Pb.Literal ToProto(Literal literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var proto = new Pb.Literal { Hash = literal.Hash };
        foreach (var (key, value) in literal.Metadata) proto.Metadata.Add(key, value);
        switch (literal.Value)
        {
            case Scalar scalar: proto.Scalar = ToProto(scalar); break;
            case LiteralCollection collection: proto.Collection = ToProtoCollection(collection); break;
            case LiteralMap map: proto.Map = ToProto(map); break;
            case LiteralOffloadedMetadata offloaded:
                proto.OffloadedMetadata = new Pb.LiteralOffloadedMetadata
                {
                    Uri = offloaded.Uri, SizeBytes = offloaded.SizeBytes, InferredType = ToProto(offloaded.InferredType),
                };
                break;
            default: throw Unknown(literal.Value);
        }
        return proto;
    }

    /// <summary>The proto form of a literal map (e.g. the content of <c>inputs.pb</c>).</summary>
    public static Pb.LiteralMap ToProto(LiteralMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var proto = new Pb.LiteralMap();
        foreach (var (key, value) in map.Literals) proto.Literals.Add(key, ToProto(value));
        return proto;
    }

    private static Pb.LiteralCollection ToProtoCollection(LiteralCollection collection)
    {
        var proto = new Pb.LiteralCollection();
        foreach (var item in collection.Literals) proto.Literals.Add(ToProto(item));
        return proto;
    }

    private static Pb.Scalar ToProto(Scalar scalar) => scalar switch
    {
        Primitive p => new Pb.Scalar { Primitive = ToProto(p) },
        Void => new Pb.Scalar { NoneType = new Pb.Void() },
        Blob b => new Pb.Scalar
        {
            Blob = new Pb.Blob { Uri = b.Uri, Metadata = new Pb.BlobMetadata { Type = ToProto(b.Metadata.Type) } },
        },
        Binary b => new Pb.Scalar { Binary = new Pb.Binary { Value = ToByteString(b.Value), Tag = b.Tag } },
        Schema s => new Pb.Scalar { Schema = new Pb.Schema { Uri = s.Uri, Type = ToProto(s.Type) } },
        Error e => new Pb.Scalar { Error = new Pb.Error { FailedNodeId = e.FailedNodeId, Message = e.Message } },
        Generic g => new Pb.Scalar { Generic = ToProto(g.Value) },
        StructuredDataset d => new Pb.Scalar
        {
            StructuredDataset = new Pb.StructuredDataset
            {
                Uri = d.Uri,
                Metadata = d.Metadata is null ? null
                    : new Pb.StructuredDatasetMetadata { StructuredDatasetType = ToProto(d.Metadata.StructuredDatasetType) },
            },
        },
        Union u => new Pb.Scalar { Union = new Pb.Union { Value = ToProto(u.Value), Type = ToProto(u.Type) } },
        _ => throw Unknown(scalar),
    };

    private static Pb.Primitive ToProto(Primitive primitive) => primitive switch
    {
        Primitive.Integer i => new Pb.Primitive { Integer = i.Value },
        Primitive.FloatValue f => new Pb.Primitive { FloatValue = f.Value },
        Primitive.StringValue s => new Pb.Primitive { StringValue = s.Value },
        Primitive.Boolean b => new Pb.Primitive { Boolean = b.Value },
        Primitive.Datetime d => new Pb.Primitive { Datetime = ToTimestamp(d.Value) },
        Primitive.Duration d => new Pb.Primitive { Duration = ToDuration(d.Value) },
        _ => throw Unknown(primitive),
    };

    /// <summary>The proto form of a literal type.</summary>
    public static Pb.LiteralType ToProto(LiteralType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var proto = new Pb.LiteralType();
        switch (type.Type)
        {
            case TypeKind.Simple s: proto.Simple = (Pb.SimpleType)(int)s.Type; break;
            case TypeKind.CollectionType c: proto.CollectionType = ToProto(c.ElementType); break;
            case TypeKind.MapValueType m: proto.MapValueType = ToProto(m.ValueType); break;
            case SchemaType s: proto.Schema = ToProto(s); break;
            case BlobType b: proto.Blob = ToProto(b); break;
            case EnumType e:
                proto.EnumType = new Pb.EnumType();
                proto.EnumType.Values.AddRange(e.Values);
                break;
            case UnionType u:
                proto.UnionType = new Pb.UnionType();
                foreach (var variant in u.Variants) proto.UnionType.Variants.Add(ToProto(variant));
                break;
            case StructuredDatasetType d: proto.StructuredDatasetType = ToProto(d); break;
            default: throw Unknown(type.Type);
        }
        if (type.Metadata is { } metadata) proto.Metadata = ToProto(metadata);
        if (type.Annotation is { } annotation) proto.Annotation = new Pb.TypeAnnotation { Annotations = ToProto(annotation.Annotations) };
        if (type.Structure is { } structure)
        {
            proto.Structure = new Pb.TypeStructure { Tag = structure.Tag };
            foreach (var (key, value) in structure.DataclassType) proto.Structure.DataclassType.Add(key, ToProto(value));
        }
        return proto;
    }

    private static Pb.BlobType ToProto(BlobType blob) =>
        new() { Format = blob.Format, Dimensionality = (Pb.BlobType.Types.BlobDimensionality)(int)blob.Dimensionality };

    private static Pb.SchemaType ToProto(SchemaType schema)
    {
        var proto = new Pb.SchemaType();
        foreach (var column in schema.Columns)
            proto.Columns.Add(new Pb.SchemaType.Types.SchemaColumn
            {
                Name = column.Name, Type = (Pb.SchemaType.Types.SchemaColumn.Types.SchemaColumnType)(int)column.Type,
            });
        return proto;
    }

    private static Pb.StructuredDatasetType ToProto(StructuredDatasetType dataset)
    {
        var proto = new Pb.StructuredDatasetType
        {
            Format = dataset.Format,
            ExternalSchemaType = dataset.ExternalSchemaType,
            ExternalSchemaBytes = ToByteString(dataset.ExternalSchemaBytes),
        };
        foreach (var column in dataset.Columns)
            proto.Columns.Add(new Pb.StructuredDatasetType.Types.DatasetColumn { Name = column.Name, LiteralType = ToProto(column.LiteralType) });
        return proto;
    }

    /// <summary>The <c>google.protobuf.Struct</c> form of a struct.</summary>
    public static Wkt.Struct ToProto(Struct value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var proto = new Wkt.Struct();
        foreach (var (key, field) in value.Fields) proto.Fields.Add(key, ToProto(field));
        return proto;
    }

    private static Wkt.Value ToProto(StructValue value) => value switch
    {
        StructValue.Null => Wkt.Value.ForNull(),
        StructValue.Number n => Wkt.Value.ForNumber(n.Value),
        StructValue.String s => Wkt.Value.ForString(s.Value),
        StructValue.Bool b => Wkt.Value.ForBool(b.Value),
        StructValue.Object o => Wkt.Value.ForStruct(ToProto(o.Value)),
        StructValue.List l => new Wkt.Value { ListValue = ToProtoList(l.Values) },
        _ => throw Unknown(value),
    };

    private static Wkt.ListValue ToProtoList(ValueList<StructValue> values)
    {
        var list = new Wkt.ListValue();
        foreach (var item in values) list.Values.Add(ToProto(item));
        return list;
    }

    // Written by hand rather than with Timestamp.FromDateTime so that both directions visibly use the same tick arithmetic.
    private static Wkt.Timestamp ToTimestamp(DateTime utc)
    {
        var sinceEpoch = utc.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(sinceEpoch, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0) { seconds--; remainder += TimeSpan.TicksPerSecond; }
        return new Wkt.Timestamp { Seconds = seconds, Nanos = (int)(remainder * 100) };
    }

    // Seconds and nanos carry the same sign, as google.protobuf.Duration requires; any TimeSpan fits the wire fields.
    private static Wkt.Duration ToDuration(TimeSpan span)
    {
        var seconds = Math.DivRem(span.Ticks, TimeSpan.TicksPerSecond, out var remainder);
        return new Wkt.Duration { Seconds = seconds, Nanos = (int)(remainder * 100) };
    }

    private static ByteString ToByteString(Bytes bytes) => bytes.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(bytes.Span);

    // Only reachable if someone adds a model case without teaching the mapping about it.
    private static ArgumentException Unknown(object value) =>
        new($"The proto mapping does not know the model case {value.GetType().FullName}.", nameof(value));
}
