using System.Text.Json;
using Google.Protobuf;
using Pb = Flyteidl.Core;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Proto;

/// <summary>
/// A protobuf message that cannot be read into the model: an unset oneof, an enum number the model does not know, or a
/// timestamp/duration outside the range of <see cref="DateTime"/>/<see cref="TimeSpan"/>.
/// </summary>
public sealed class ProtoMappingException : FormatException
{
    /// <summary>Creates the exception for the value at <paramref name="path"/>.</summary>
    public ProtoMappingException(string path, string expected, string found)
        : base($"{path}: expected {expected}, but found {found}.")
    {
        Path = path;
        Expected = expected;
        Found = found;
    }

    /// <summary>Where in the message the bad value sits, in proto field names, e.g. <c>literals["x"].collection[2]</c>.</summary>
    public string Path { get; }

    /// <summary>What the reader expected there.</summary>
    public string Expected { get; }

    /// <summary>What it found instead.</summary>
    public string Found { get; }
}

// The reading half: proto → model. A message field that is not set reads as the field's default message, as protobuf's own
// semantics say; a oneof that is not set has no default and is an error naming the path.
public static partial class ProtoMapping
{
    /// <summary>Reads a literal; throws <see cref="ProtoMappingException"/> (a <see cref="FormatException"/>) naming the path of a bad value.</summary>
    public static Literal ToModel(Pb.Literal literal) => ReadLiteral(literal ?? throw new ArgumentNullException(nameof(literal)), "literal");

    /// <summary>Reads a literal map; paths in errors start at <c>literals["name"]</c>.</summary>
    public static LiteralMap ToModel(Pb.LiteralMap map) => ReadMap(map ?? throw new ArgumentNullException(nameof(map)), "");

    /// <summary>Reads a literal type; throws <see cref="ProtoMappingException"/> naming the path of a bad value.</summary>
    public static LiteralType ToModel(Pb.LiteralType type) => ReadType(type ?? throw new ArgumentNullException(nameof(type)), "literal_type");

    /// <summary>Reads a <c>google.protobuf.Struct</c>.</summary>
    public static Struct ToModel(Wkt.Struct value) => ReadStruct(value ?? throw new ArgumentNullException(nameof(value)), "struct");

    private static string Key(string path, string key) => $"{path}[{JsonSerializer.Serialize(key)}]";

    private static string Field(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static Literal ReadLiteral(Pb.Literal proto, string path)
    {
        LiteralValue value = proto.ValueCase switch
        {
            Pb.Literal.ValueOneofCase.Scalar => ReadScalar(proto.Scalar, Field(path, "scalar")),
            Pb.Literal.ValueOneofCase.Collection => ReadCollection(proto.Collection, Field(path, "collection")),
            Pb.Literal.ValueOneofCase.Map => ReadMap(proto.Map, Field(path, "map")),
            Pb.Literal.ValueOneofCase.OffloadedMetadata => new LiteralOffloadedMetadata(
                proto.OffloadedMetadata.Uri, proto.OffloadedMetadata.SizeBytes,
                ReadType(proto.OffloadedMetadata.InferredType ?? new Pb.LiteralType(), Field(path, "offloaded_metadata.inferred_type"))),
            _ => throw new ProtoMappingException(path, "one of scalar, collection, map, offloaded_metadata", "no value (the oneof is unset)"),
        };
        return new Literal(value)
        {
            Hash = proto.Hash,
            Metadata = proto.Metadata.Count == 0 ? ValueMap<string>.Empty : proto.Metadata.ToValueMap(),
        };
    }

    private static LiteralCollection ReadCollection(Pb.LiteralCollection proto, string path) =>
        new(proto.Literals.Select((item, i) => ReadLiteral(item, $"{path}[{i}]")).ToValueList());

    private static LiteralMap ReadMap(Pb.LiteralMap proto, string path)
    {
        var prefix = path.Length == 0 ? "literals" : path;
        return new(proto.Literals.Select(kv => KeyValuePair.Create(kv.Key, ReadLiteral(kv.Value, Key(prefix, kv.Key)))).ToValueMap());
    }

    private static Scalar ReadScalar(Pb.Scalar proto, string path) => proto.ValueCase switch
    {
        Pb.Scalar.ValueOneofCase.Primitive => ReadPrimitive(proto.Primitive, Field(path, "primitive")),
        Pb.Scalar.ValueOneofCase.NoneType => Void.Instance,
        Pb.Scalar.ValueOneofCase.Blob => new Blob(
            new BlobMetadata(ReadBlobType(proto.Blob.Metadata?.Type ?? new Pb.BlobType(), Field(path, "blob.metadata.type"))), proto.Blob.Uri),
        Pb.Scalar.ValueOneofCase.Binary => new Binary(ReadBytes(proto.Binary.Value), proto.Binary.Tag),
        Pb.Scalar.ValueOneofCase.Schema => new Schema(proto.Schema.Uri, ReadSchemaType(proto.Schema.Type ?? new Pb.SchemaType(), Field(path, "schema.type"))),
        Pb.Scalar.ValueOneofCase.Error => new Error(proto.Error.FailedNodeId, proto.Error.Message),
        Pb.Scalar.ValueOneofCase.Generic => new Generic(ReadStruct(proto.Generic, Field(path, "generic"))),
        Pb.Scalar.ValueOneofCase.StructuredDataset => new StructuredDataset(
            proto.StructuredDataset.Uri,
            proto.StructuredDataset.Metadata is { } metadata
                ? new StructuredDatasetMetadata(ReadDatasetType(
                    metadata.StructuredDatasetType ?? new Pb.StructuredDatasetType(), Field(path, "structured_dataset.metadata.structured_dataset_type")))
                : null),
        Pb.Scalar.ValueOneofCase.Union => new Union(
            ReadLiteral(proto.Union.Value ?? new Pb.Literal(), Field(path, "union.value")),
            ReadType(proto.Union.Type ?? new Pb.LiteralType(), Field(path, "union.type"))),
        _ => throw new ProtoMappingException(
            path, "one of primitive, blob, binary, schema, none_type, error, generic, structured_dataset, union", "no value (the oneof is unset)"),
    };

    private static Primitive ReadPrimitive(Pb.Primitive proto, string path) => proto.ValueCase switch
    {
        Pb.Primitive.ValueOneofCase.Integer => new Primitive.Integer(proto.Integer),
        Pb.Primitive.ValueOneofCase.FloatValue => new Primitive.FloatValue(proto.FloatValue),
        Pb.Primitive.ValueOneofCase.StringValue => new Primitive.StringValue(proto.StringValue),
        Pb.Primitive.ValueOneofCase.Boolean => new Primitive.Boolean(proto.Boolean),
        Pb.Primitive.ValueOneofCase.Datetime => new Primitive.Datetime(ReadTimestamp(proto.Datetime, Field(path, "datetime"))),
        Pb.Primitive.ValueOneofCase.Duration => new Primitive.Duration(ReadDuration(proto.Duration, Field(path, "duration"))),
        _ => throw new ProtoMappingException(
            path, "one of integer, float_value, string_value, boolean, datetime, duration", "no value (the oneof is unset)"),
    };

    private static LiteralType ReadType(Pb.LiteralType proto, string path)
    {
        TypeKind kind = proto.TypeCase switch
        {
            Pb.LiteralType.TypeOneofCase.Simple => new TypeKind.Simple(
                Enum.IsDefined((SimpleType)(int)proto.Simple) ? (SimpleType)(int)proto.Simple
                    : throw new ProtoMappingException(Field(path, "simple"), "a SimpleType (0..9)", $"the number {(int)proto.Simple}")),
            Pb.LiteralType.TypeOneofCase.Schema => ReadSchemaType(proto.Schema, Field(path, "schema")),
            Pb.LiteralType.TypeOneofCase.CollectionType => new TypeKind.CollectionType(ReadType(proto.CollectionType, Field(path, "collection_type"))),
            Pb.LiteralType.TypeOneofCase.MapValueType => new TypeKind.MapValueType(ReadType(proto.MapValueType, Field(path, "map_value_type"))),
            Pb.LiteralType.TypeOneofCase.Blob => ReadBlobType(proto.Blob, Field(path, "blob")),
            Pb.LiteralType.TypeOneofCase.EnumType => new EnumType(proto.EnumType.Values.ToValueList()),
            Pb.LiteralType.TypeOneofCase.UnionType => new UnionType(
                proto.UnionType.Variants.Select((v, i) => ReadType(v, $"{path}.union_type.variants[{i}]")).ToValueList()),
            Pb.LiteralType.TypeOneofCase.StructuredDatasetType => ReadDatasetType(proto.StructuredDatasetType, Field(path, "structured_dataset_type")),
            _ => throw new ProtoMappingException(
                path, "one of simple, schema, collection_type, map_value_type, blob, enum_type, structured_dataset_type, union_type",
                "no type (the oneof is unset)"),
        };
        return new LiteralType(kind)
        {
            Metadata = proto.Metadata is { } metadata ? ReadStruct(metadata, Field(path, "metadata")) : null,
            Annotation = proto.Annotation is { } annotation
                ? new TypeAnnotation(annotation.Annotations is { } a ? ReadStruct(a, Field(path, "annotation.annotations")) : Struct.Empty)
                : null,
            Structure = proto.Structure is { } structure
                ? new TypeStructure(
                    structure.Tag,
                    structure.DataclassType.Count == 0 ? ValueMap<LiteralType>.Empty
                        : structure.DataclassType.Select(kv => KeyValuePair.Create(
                            kv.Key, ReadType(kv.Value, Key(Field(path, "structure.dataclass_type"), kv.Key)))).ToValueMap())
                : null,
        };
    }

    private static BlobType ReadBlobType(Pb.BlobType proto, string path) => new(
        proto.Format,
        Enum.IsDefined((BlobDimensionality)(int)proto.Dimensionality) ? (BlobDimensionality)(int)proto.Dimensionality
            : throw new ProtoMappingException(Field(path, "dimensionality"), "SINGLE or MULTIPART", $"the number {(int)proto.Dimensionality}"));

    private static SchemaType ReadSchemaType(Pb.SchemaType proto, string path) => new(
        proto.Columns.Select((c, i) => new SchemaColumn(
            c.Name,
            Enum.IsDefined((SchemaColumnType)(int)c.Type) ? (SchemaColumnType)(int)c.Type
                : throw new ProtoMappingException($"{path}.columns[{i}].type", "a SchemaColumnType (0..5)", $"the number {(int)c.Type}"))).ToValueList());

    private static StructuredDatasetType ReadDatasetType(Pb.StructuredDatasetType proto, string path) => new(
        proto.Columns.Select((c, i) => new DatasetColumn(
            c.Name, ReadType(c.LiteralType ?? new Pb.LiteralType(), $"{path}.columns[{i}].literal_type"))).ToValueList(),
        proto.Format, proto.ExternalSchemaType, ReadBytes(proto.ExternalSchemaBytes));

    private static Struct ReadStruct(Wkt.Struct proto, string path) =>
        proto.Fields.Count == 0 ? Struct.Empty
            : new(proto.Fields.Select(kv => KeyValuePair.Create(kv.Key, ReadValue(kv.Value, Key(path, kv.Key)))).ToValueMap());

    private static StructValue ReadValue(Wkt.Value proto, string path) => proto.KindCase switch
    {
        Wkt.Value.KindOneofCase.NullValue => StructValue.Null.Instance,
        Wkt.Value.KindOneofCase.NumberValue => new StructValue.Number(proto.NumberValue),
        Wkt.Value.KindOneofCase.StringValue => new StructValue.String(proto.StringValue),
        Wkt.Value.KindOneofCase.BoolValue => new StructValue.Bool(proto.BoolValue),
        Wkt.Value.KindOneofCase.StructValue => new StructValue.Object(ReadStruct(proto.StructValue, path)),
        Wkt.Value.KindOneofCase.ListValue => new StructValue.List(
            proto.ListValue.Values.Select((v, i) => ReadValue(v, $"{path}[{i}]")).ToValueList()),
        _ => throw new ProtoMappingException(
            path, "one of null_value, number_value, string_value, bool_value, struct_value, list_value", "no value (the oneof is unset)"),
    };

    private static Bytes ReadBytes(ByteString bytes) => bytes.IsEmpty ? Bytes.Empty : Bytes.Wrap(bytes.ToByteArray());

    // Nanos that are not a whole number of ticks are truncated towards the past, as Timestamp.ToDateTime does.
    private static DateTime ReadTimestamp(Wkt.Timestamp proto, string path)
    {
        if (proto.Nanos is < 0 or > 999_999_999)
            throw new ProtoMappingException(Field(path, "nanos"), "0..999999999", proto.Nanos.ToString(System.Globalization.CultureInfo.InvariantCulture));
        const long minSeconds = -62_135_596_800L, maxSeconds = 253_402_300_799L; // 0001-01-01 .. 9999-12-31T23:59:59 UTC
        if (proto.Seconds is < minSeconds or > maxSeconds)
            throw new ProtoMappingException(Field(path, "seconds"), "a time between 0001-01-01 and 9999-12-31 UTC",
                $"{proto.Seconds} seconds since 1970");
        return new DateTime(DateTime.UnixEpoch.Ticks + proto.Seconds * TimeSpan.TicksPerSecond + proto.Nanos / 100, DateTimeKind.Utc);
    }

    // Nanos that are not a whole number of ticks are truncated towards zero, as Duration.ToTimeSpan does.
    private static TimeSpan ReadDuration(Wkt.Duration proto, string path)
    {
        if (proto.Nanos is < -999_999_999 or > 999_999_999 || (proto.Seconds > 0 && proto.Nanos < 0) || (proto.Seconds < 0 && proto.Nanos > 0))
            throw new ProtoMappingException(path, "a duration whose nanos are within ±999999999 and carry the sign of its seconds",
                $"seconds={proto.Seconds}, nanos={proto.Nanos}");
        try
        {
            return new TimeSpan(checked(proto.Seconds * TimeSpan.TicksPerSecond + proto.Nanos / 100));
        }
        catch (OverflowException)
        {
            throw new ProtoMappingException(path, "a duration within the range of TimeSpan (±10675199 days)", $"{proto.Seconds} seconds");
        }
    }
}
