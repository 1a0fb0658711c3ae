using FsCheck;
using FsCheck.Fluent;
using Flyte.Proto;
using Flyte.Testing;
using Google.Protobuf;
using Xunit;
using static Flyte.Testing.Properties;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Proto;

/// <summary>
/// The direct wire path for collections of msgpack binaries (<c>ProtoSerializer</c>'s fast path) against the general
/// path through the generated messages: the same bytes written, the same literal read, and a fall-back for everything else.
/// </summary>
public class LiteralWireTests
{
    private static byte[] General(Literal literal) => ProtoMapping.ToProto(literal).ToByteArray();

    private static Literal GeneralRead(byte[] bytes) => ProtoMapping.ToModel(Pb.Literal.Parser.ParseFrom(bytes));

    private static readonly LiteralType Records = LiteralType.CollectionOf(LiteralType.Of(SimpleType.Struct));

    // Binaries of any tag, also empty ones, in collections nested up to three deep, with an occasional hash.
    private static readonly Gen<Literal> BinaryCollections = Gen.OneOf(
        FlyteGen.LiteralOf(LiteralType.CollectionOf(LiteralType.Of(SimpleType.Binary))),
        FlyteGen.LiteralOf(LiteralType.CollectionOf(LiteralType.CollectionOf(LiteralType.Of(SimpleType.Binary)))),
        FlyteGen.LiteralOf(LiteralType.CollectionOf(LiteralType.CollectionOf(Records))));

    private static void SameAsGeneral(Literal literal)
    {
        var bytes = General(literal);
        Assert.Equal(bytes, literal.ToBytes());
        Assert.Equal(GeneralRead(bytes), ProtoSerializer.LiteralFromBytes(bytes));
    }

    [Fact]
    public void Collections_of_binaries_are_written_and_read_as_the_general_path_does() =>
        check(Prop.ForAll(Arb.From(BinaryCollections), (Literal literal) =>
        {
            SameAsGeneral(literal);
            Assert.Equal(literal with { Metadata = ValueMap<string>.Empty }, ProtoSerializer.LiteralFromBytes(General(literal with { Metadata = ValueMap<string>.Empty })));
        }));

    [Fact]
    public void A_collection_read_with_its_elements_packed_writes_the_same_bytes_and_equals_the_general_read() =>
        check(Prop.ForAll(Arb.From(BinaryCollections), (Literal literal) =>
        {
            var bytes = General(literal with { Metadata = ValueMap<string>.Empty });
            Assert.Equal(bytes, ProtoSerializer.LiteralFromBytes(bytes).ToBytes());   // written from the packed buffer
            Assert.Equal(ProtoSerializer.LiteralFromBytes(bytes), ProtoSerializer.LiteralFromBytes(bytes));   // packed against packed
            var read = ProtoSerializer.LiteralFromBytes(bytes);
            var general = GeneralRead(bytes);
            Assert.Equal(general.GetHashCode(), read.GetHashCode());
            Assert.Equal(general, read);
            Assert.Equal(read, general);
            Assert.Equal(bytes, General(read));   // the element literals, once made, map as the general read's do
        }));

    [Fact]
    public void Collections_of_a_million_records_shape_with_unicode_tags_and_hashes_match()
    {
        var items = Enumerable.Range(0, 300).Select(i => new Literal(new Binary(Bytes.Wrap(new byte[i]), i % 3 == 0 ? "msgpack" : "tâg-" + i))
            { Hash = i % 5 == 0 ? "h" + new string('é', i) : "" });
        SameAsGeneral(new Literal(new LiteralCollection(items.ToValueList())) { Hash = "top" });
        SameAsGeneral(new Literal(new LiteralCollection(ValueList<Literal>.Empty)));
        SameAsGeneral(new Literal(new Binary(Bytes.Empty, "")));
    }

    private static void MapSameAsGeneral(LiteralMap map)
    {
        var bytes = ProtoMapping.ToProto(map).ToByteArray();
        Assert.Equal(bytes, map.ToBytes());
        Assert.Equal(ProtoMapping.ToModel(Pb.LiteralMap.Parser.ParseFrom(bytes)), ProtoSerializer.LiteralMapFromBytes(bytes));
    }

    [Fact]
    public void Literal_maps_holding_collections_of_binaries_are_written_and_read_as_the_general_path_does() =>
        check(Prop.ForAll(Arb.From(BinaryCollections), Arb.From(FlyteGen.LiteralMap), (Literal list, LiteralMap others) =>
        {
            MapSameAsGeneral(others);
            var clean = list with { Metadata = ValueMap<string>.Empty };
            MapSameAsGeneral(new LiteralMap(others.Literals.SetItem("", clean).SetItem("o", clean)));
            MapSameAsGeneral(new LiteralMap(ValueMap.Of(("é", clean), ("x", list))));
        }));

    [Fact]
    public void Any_other_literal_falls_back_to_the_general_path() =>
        check(Prop.ForAll(Arb.From(FlyteGen.TypedLiteral), (Tuple<LiteralType, Literal> typed) => SameAsGeneral(typed.Item2)));

    [Fact]
    public void A_collection_mixing_binaries_with_other_literals_falls_back()
    {
        var mixed = new Literal(new LiteralCollection(ValueList.Of(
            new Literal(new Binary(Bytes.Wrap([1, 2]), Binary.MessagePackTag)),
            new Literal(new Primitive.Integer(7)),
            new Literal(new Binary(Bytes.Wrap([3]), Binary.MessagePackTag)) { Metadata = new[] { KeyValuePair.Create("k", "v") }.ToValueMap() })));
        SameAsGeneral(mixed);
        Assert.Equal(mixed, ProtoSerializer.LiteralFromBytes(mixed.ToBytes()));
    }

    [Fact]
    public void Bytes_not_in_the_canonical_form_are_read_by_the_general_path()
    {
        // Binary with its tag before its value, a scalar given twice (protobuf merges), an unknown field, and a literal whose
        // oneof is set twice (the last wins): all valid protobuf that the direct reader must leave to Google.Protobuf.
        byte[] tagFirst = [0x12, 0x0F, 0x0A, 0x0D, 0x0A, 0x0B, 0x1A, 0x09, 0x12, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x0A, 0x02, 0x01, 0x02];
        byte[] scalarTwice = [0x0A, 0x04, 0x1A, 0x02, 0x0A, 0x00, 0x0A, 0x05, 0x1A, 0x03, 0x12, 0x01, (byte)'t'];
        byte[] unknownField = [0x0A, 0x07, 0x1A, 0x05, 0x0A, 0x01, 0x07, 0x18, 0x01];
        byte[] oneofTwice = [0x0A, 0x05, 0x1A, 0x03, 0x0A, 0x01, 0x07, 0x12, 0x00];
        foreach (var bytes in new[] { tagFirst, scalarTwice, unknownField, oneofTwice })
            Assert.Equal(GeneralRead(bytes), ProtoSerializer.LiteralFromBytes(bytes));
        Assert.Equal(new Binary(Bytes.Wrap([1, 2]), "abc"), ((LiteralCollection)ProtoSerializer.LiteralFromBytes(tagFirst).Value).Literals[0].Value);
        Assert.IsType<LiteralCollection>(ProtoSerializer.LiteralFromBytes(oneofTwice).Value);
    }

    private static object Outcome(Func<Literal> read)
    {
        try { return read(); }
        catch (Exception e) { return e.GetType(); }
    }

    [Fact]
    public void Truncated_or_non_utf8_bytes_fail_as_the_general_path_fails()
    {
        var good = new Literal(new LiteralCollection(ValueList.Of(new Literal(new Binary(Bytes.Wrap([9, 9, 9]), "msgpack"))))).ToBytes();
        Assert.Throws<InvalidProtocolBufferException>(() => ProtoSerializer.LiteralFromBytes(good.AsSpan(0, good.Length - 2)));
        byte[] badTag = [0x0A, 0x05, 0x1A, 0x03, 0x12, 0x01, 0xFF];
        Assert.Equal(Outcome(() => GeneralRead(badTag)), Outcome(() => ProtoSerializer.LiteralFromBytes(badTag)));
        var empty = Assert.Throws<ProtoMappingException>(() => ProtoSerializer.LiteralFromBytes([0x12, 0x02, 0x0A, 0x00]));
        Assert.Equal("literal.collection[0]", empty.Path);
        // A map whose first value takes the direct path and whose second is an empty literal: the general path's error.
        var map = new LiteralMap(ValueMap.Of(("a", new Literal(new LiteralCollection(ValueList<Literal>.Empty))))).ToBytes();
        byte[] badEntry = [.. map, 0x0A, 0x05, 0x0A, 0x01, (byte)'b', 0x12, 0x00];
        var bad = Assert.Throws<ProtoMappingException>(() => ProtoSerializer.LiteralMapFromBytes(badEntry));
        Assert.Equal(Assert.Throws<ProtoMappingException>(() => ProtoMapping.ToModel(Pb.LiteralMap.Parser.ParseFrom(badEntry))).Path, bad.Path);
    }
}
