using Flyte.Proto;
using Google.Protobuf;
using Xunit;
using Pb = Flyteidl.Core;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Tests.Proto;

public class ProtoMappingTests
{
    private static Literal RoundTrip(Literal literal) => ProtoSerializer.LiteralFromBytes(literal.ToBytes());

    [Fact]
    public void An_integer_is_written_as_the_primitive_integer_oneof()
    {
        var proto = ProtoMapping.ToProto(new Literal(new Primitive.Integer(42)));
        Assert.Equal(Pb.Literal.ValueOneofCase.Scalar, proto.ValueCase);
        Assert.Equal(Pb.Primitive.ValueOneofCase.Integer, proto.Scalar.Primitive.ValueCase);
        Assert.Equal(42, proto.Scalar.Primitive.Integer);
    }

    [Fact]
    public void A_datetime_is_written_as_seconds_and_nanos_since_the_epoch()
    {
        var time = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
        var proto = ProtoMapping.ToProto(new Literal(new Primitive.Datetime(time)));
        Assert.Equal(1704164645, proto.Scalar.Primitive.Datetime.Seconds);
        Assert.Equal(123456700, proto.Scalar.Primitive.Datetime.Nanos);
    }

    [Fact]
    public void A_datetime_before_1970_keeps_nanos_positive()
    {
        var time = DateTime.UnixEpoch.AddTicks(-1);
        var proto = ProtoMapping.ToProto(new Literal(new Primitive.Datetime(time)));
        Assert.Equal(-1, proto.Scalar.Primitive.Datetime.Seconds);
        Assert.Equal(999_999_900, proto.Scalar.Primitive.Datetime.Nanos);
        Assert.Equal(time, ((Primitive.Datetime)ProtoMapping.ToModel(proto).Value).Value);
    }

    [Fact]
    public void A_local_datetime_is_stored_as_utc()
    {
        var local = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Local);
        var read = (Primitive.Datetime)RoundTrip(new Literal(new Primitive.Datetime(local))).Value;
        Assert.Equal(DateTimeKind.Utc, read.Value.Kind);
        Assert.Equal(local.ToUniversalTime(), read.Value);
    }

    [Fact]
    public void Foreign_nanos_below_a_tick_are_truncated()
    {
        var proto = new Pb.Literal { Scalar = new Pb.Scalar { Primitive = new Pb.Primitive { Datetime = new Wkt.Timestamp { Seconds = 0, Nanos = 199 } } } };
        Assert.Equal(DateTime.UnixEpoch.AddTicks(1), ((Primitive.Datetime)ProtoMapping.ToModel(proto).Value).Value);
        var duration = new Pb.Literal { Scalar = new Pb.Scalar { Primitive = new Pb.Primitive { Duration = new Wkt.Duration { Seconds = -1, Nanos = -199 } } } };
        Assert.Equal(TimeSpan.FromTicks(-10_000_001), ((Primitive.Duration)ProtoMapping.ToModel(duration).Value).Value);
    }

    [Fact]
    public void A_negative_duration_has_seconds_and_nanos_of_the_same_sign()
    {
        var proto = ProtoMapping.ToProto(new Literal(new Primitive.Duration(TimeSpan.FromMilliseconds(-1500))));
        Assert.Equal(-1, proto.Scalar.Primitive.Duration.Seconds);
        Assert.Equal(-500_000_000, proto.Scalar.Primitive.Duration.Nanos);
    }

    [Fact]
    public void NaN_and_infinities_survive_a_round_trip()
    {
        foreach (var d in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0 })
        {
            var read = (Primitive.FloatValue)RoundTrip(new Literal(new Primitive.FloatValue(d))).Value;
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(read.Value));
        }
    }

    [Fact]
    public void A_literal_type_keeps_metadata_annotation_and_structure()
    {
        var type = LiteralType.Of(SimpleType.Struct) with
        {
            Metadata = Struct.Of(("title", "Point"), ("properties", Struct.Of(("x", Struct.Of(("type", "integer")))))),
            Annotation = new TypeAnnotation(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", "msgpack"))))),
            Structure = new TypeStructure("", ValueMap.Of(("x", LiteralType.Of(SimpleType.Integer)))),
        };
        var proto = ProtoMapping.ToProto(type);
        Assert.Equal("Point", proto.Metadata.Fields["title"].StringValue);
        Assert.Equal(Pb.SimpleType.Integer, proto.Structure.DataclassType["x"].Simple);
        Assert.Equal(type, ProtoSerializer.LiteralTypeFromBytes(type.ToBytes()));
    }

    [Fact]
    public void A_literal_type_without_metadata_stays_without_and_an_empty_one_stays_empty()
    {
        var bare = LiteralType.Of(SimpleType.Integer);
        Assert.Null(ProtoMapping.ToProto(bare).Metadata);
        Assert.Null(ProtoSerializer.LiteralTypeFromBytes(bare.ToBytes()).Metadata);
        var empty = bare with { Metadata = Struct.Empty };
        Assert.Equal(Struct.Empty, ProtoSerializer.LiteralTypeFromBytes(empty.ToBytes()).Metadata);
    }

    [Fact]
    public void An_unset_literal_deep_inside_a_map_names_its_path()
    {
        var collection = new Pb.LiteralCollection();
        collection.Literals.Add(new Pb.Literal { Scalar = new Pb.Scalar { NoneType = new Pb.Void() } });
        collection.Literals.Add(new Pb.Literal { Scalar = new Pb.Scalar { NoneType = new Pb.Void() } });
        collection.Literals.Add(new Pb.Literal());
        var map = new Pb.LiteralMap();
        map.Literals.Add("x", new Pb.Literal { Collection = collection });

        var error = Assert.Throws<ProtoMappingException>(() => ProtoSerializer.LiteralMapFromBytes(map.ToByteArray()));
        Assert.Equal("literals[\"x\"].collection[2]", error.Path);
        Assert.Contains("one of scalar, collection, map, offloaded_metadata", error.Message);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void An_unset_scalar_or_primitive_names_its_path()
    {
        var scalar = Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(new Pb.Literal { Scalar = new Pb.Scalar() }));
        Assert.Equal("literal.scalar", scalar.Path);
        Assert.Contains("primitive, blob, binary", scalar.Expected);

        var primitive = Assert.Throws<ProtoMappingException>(() =>
            ProtoMapping.ToModel(new Pb.Literal { Scalar = new Pb.Scalar { Primitive = new Pb.Primitive() } }));
        Assert.Equal("literal.scalar.primitive", primitive.Path);
    }

    [Fact]
    public void A_union_without_value_or_type_names_its_path()
    {
        var noValue = new Pb.Literal { Scalar = new Pb.Scalar { Union = new Pb.Union { Type = new Pb.LiteralType { Simple = Pb.SimpleType.Integer } } } };
        Assert.Equal("literal.scalar.union.value", Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(noValue)).Path);

        var noType = new Pb.Literal { Scalar = new Pb.Scalar { Union = new Pb.Union { Value = new Pb.Literal { Scalar = new Pb.Scalar { NoneType = new Pb.Void() } } } } };
        Assert.Equal("literal.scalar.union.type", Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(noType)).Path);
    }

    [Fact]
    public void An_unset_union_variant_type_names_its_index()
    {
        var union = new Pb.UnionType();
        union.Variants.Add(new Pb.LiteralType { Simple = Pb.SimpleType.Integer });
        union.Variants.Add(new Pb.LiteralType());
        var error = Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(new Pb.LiteralType { CollectionType = new Pb.LiteralType { UnionType = union } }));
        Assert.Equal("literal_type.collection_type.union_type.variants[1]", error.Path);
        Assert.Contains("simple, schema, collection_type", error.Expected);
    }

    [Fact]
    public void Unknown_enum_numbers_are_reported()
    {
        var simple = Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(new Pb.LiteralType { Simple = (Pb.SimpleType)42 }));
        Assert.Equal("literal_type.simple", simple.Path);
        Assert.Contains("42", simple.Found);

        var blob = Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(new Pb.LiteralType
        {
            Blob = new Pb.BlobType { Dimensionality = (Pb.BlobType.Types.BlobDimensionality)7 },
        }));
        Assert.Equal("literal_type.blob.dimensionality", blob.Path);
    }

    [Fact]
    public void An_unset_struct_value_names_its_key()
    {
        var generic = new Wkt.Struct();
        generic.Fields.Add("a", new Wkt.Value { ListValue = new Wkt.ListValue { Values = { Wkt.Value.ForNumber(1), new Wkt.Value() } } });
        var error = Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(new Pb.Literal { Scalar = new Pb.Scalar { Generic = generic } }));
        Assert.Equal("literal.scalar.generic[\"a\"][1]", error.Path);
    }

    [Fact]
    public void Out_of_range_timestamps_and_durations_are_format_errors()
    {
        Pb.Literal At(Wkt.Timestamp t) => new() { Scalar = new Pb.Scalar { Primitive = new Pb.Primitive { Datetime = t } } };
        Assert.Equal("literal.scalar.primitive.datetime.seconds",
            Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(At(new Wkt.Timestamp { Seconds = long.MaxValue }))).Path);
        Assert.Equal("literal.scalar.primitive.datetime.nanos",
            Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(At(new Wkt.Timestamp { Nanos = -1 }))).Path);

        Pb.Literal Lasting(Wkt.Duration d) => new() { Scalar = new Pb.Scalar { Primitive = new Pb.Primitive { Duration = d } } };
        Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(Lasting(new Wkt.Duration { Seconds = long.MaxValue })));
        Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(Lasting(new Wkt.Duration { Seconds = 1, Nanos = -5 })));
    }

    [Fact]
    public void A_missing_sub_message_reads_as_its_protobuf_default()
    {
        var blob = new Pb.Literal { Scalar = new Pb.Scalar { Blob = new Pb.Blob { Uri = "s3://b/f" } } };
        Assert.Equal(new Literal(new Blob(new BlobMetadata(new BlobType("", BlobDimensionality.Single)), "s3://b/f")), ProtoMapping.ToModel(blob));
    }

    [Fact]
    public void Bytes_that_are_not_protobuf_are_rejected_by_the_parser()
    {
        Assert.Throws<InvalidProtocolBufferException>(() => ProtoSerializer.LiteralFromBytes(new byte[] { 0xff, 0xff, 0xff }));
    }
}
