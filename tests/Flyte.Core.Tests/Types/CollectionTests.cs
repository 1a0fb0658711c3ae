using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Flyte.Proto;
using Flyte.Testing;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public class CollectionTests
{
    private static readonly LiteralType IntList = LiteralType.CollectionOf(Simple(SimpleType.Integer));

    [Fact]
    public void A_list_of_int_is_a_typed_list_collection_of_integers()
    {
        Assert.Equal(IntList, Engine.LiteralTypeOf<List<int>>());
        Assert.Equal("Typed List", Engine.Get<List<int>>().Name);
        Assert.Equal(List(Int(1), Int(2)), ToLiteral(new List<int> { 1, 2 }));
        Assert.Equal(List(), ToLiteral(Array.Empty<int>()));
    }

    [Fact]
    public void Every_collection_shape_writes_the_same_literal_and_reads_back_its_own_shape()
    {
        var expected = List(Int(1), Int(2), Int(3));
        Assert.Equal(expected, ToLiteral(new[] { 1, 2, 3 }));
        Assert.Equal(expected, ToLiteral<IList<int>>([1, 2, 3]));
        Assert.Equal(expected, ToLiteral<IReadOnlyList<int>>([1, 2, 3]));
        Assert.Equal(expected, ToLiteral<IReadOnlyCollection<int>>([1, 2, 3]));
        Assert.Equal(expected, ToLiteral<IEnumerable<int>>(Enumerable.Range(1, 3)));
        Assert.Equal(expected, ToLiteral(ImmutableArray.Create(1, 2, 3)));
        Assert.Equal(expected, ToLiteral(ImmutableList.Create(1, 2, 3)));
        Assert.Equal(expected, ToLiteral(new HashSet<int> { 3, 1, 2 }));
        Assert.Equal(expected, ToLiteral<ISet<int>>(new HashSet<int> { 2, 3, 1 }));

        Assert.Equal([1, 2, 3], ToValue<int[]>(expected));
        Assert.IsType<List<int>>(ToValue<IList<int>>(expected));
        Assert.Equal([1, 2, 3], ToValue<ImmutableArray<int>>(expected).ToArray());
        Assert.Equal([1, 2, 3], ToValue<ImmutableList<int>>(expected));
        Assert.Equal([1, 2, 3], ToValue<IEnumerable<int>>(expected).ToArray());
        Assert.True(ToValue<HashSet<int>>(List(Int(1), Int(1), Int(2))).SetEquals([1, 2]));
    }

    [Fact]
    public void An_element_error_names_its_index()
    {
        var e = DecodeFails<List<int>>(List(Int(1), Int(2), Int(1L << 40)));
        Assert.Equal("[2]", e.Path);
        Assert.Contains("'[2]'", e.Message);
        var nested = DecodeFails<List<List<int>>>(List(List(Int(1)), List(Int(2), Str("x"))));
        Assert.Equal("[1][1]", nested.Path);
        var encode = EncodeFails(new[] { "a", null! });
        Assert.Equal("[1]", encode.Path);
    }

    public sealed record Reading(string Name, double Value);

    [Fact]
    public void A_list_of_records_read_from_protobuf_bytes_gives_the_values_and_errors_of_its_literal()
    {
        var items = new List<Reading> { new("a", 1), new("b", 2.5), new("", -0.0) };
        var literal = ToLiteral(items);
        Assert.Equal(items, ToValue<List<Reading>>(ProtoSerializer.LiteralFromBytes(literal.ToBytes())));
        Assert.Equal(literal, ProtoSerializer.LiteralFromBytes(literal.ToBytes()));
        var bad = List(((LiteralCollection)literal.Value).Literals[0], MsgPack(0x81, 0xa4, (byte)'N', (byte)'a', (byte)'m', (byte)'e', 0x01));
        var direct = DecodeFails<List<Reading>>(bad);
        var fromBytes = DecodeFails<List<Reading>>(ProtoSerializer.LiteralFromBytes(bad.ToBytes()));
        Assert.Equal("[1]", fromBytes.Path);
        Assert.Equal(direct.Path, fromBytes.Path);
        Assert.Equal(direct.Message, fromBytes.Message);
    }

    [Fact]
    public void A_collection_reads_a_msgpack_array_and_rejects_other_kinds()
    {
        Assert.Equal([1, 2], ToValue<List<int>>(MsgPack(0x92, 0x01, 0x02)));
        var e = DecodeFails<List<int>>(Int(1));
        Assert.Equal(IntList.ToString(), e.Expected);
        EncodeFails<List<int>>(null!);
    }

    [Fact]
    public void Asynchronous_elements_keep_their_order()
    {
        var engine = TypeEngine.Default.Add(new SlowIntTransformer());
        var values = Enumerable.Range(0, 50).ToList();
        var literal = ToLiteral(values, engine);
        Assert.Equal(values.Select(i => Int(i)), ((LiteralCollection)literal.Value).Literals);
        Assert.Equal(values, ToValue<List<int>>(literal, engine));
    }

    public sealed record Counted(string Name, int Count);

    [Fact]
    public void A_list_of_records_with_asynchronous_fields_is_the_list_of_each_record_s_literal_in_order()
    {
        // Counts divisible by 5 convert at once, the others later: the list mixes both.
        var engine = TypeEngine.Default.Add(new SlowIntTransformer());
        var items = Enumerable.Range(0, 50).Select(i => new Counted("n" + i, i)).ToList();
        var literal = ToLiteral(items, engine);
        var each = items.Select(item => engine.Get<Counted>().ToLiteralAsync(item, new TransformerContext(engine)).AsTask().Result);
        Assert.Equal(each, ((LiteralCollection)literal.Value).Literals);
        Assert.Equal(items, ToValue<List<Counted>>(literal, engine));
        Assert.Equal(items, ToValue<List<Counted>>(ProtoSerializer.LiteralFromBytes(literal.ToBytes()), engine));
        Assert.Equal(new Literal(new LiteralCollection(each.ToValueList())).ToBytes(), literal.ToBytes());
    }

    [Fact]
    public void Collections_obey_the_transformer_laws()
    {
        var ints = ArbMap.Default.ArbFor<int[]>();
        TransformerLaws.Check(Engine, ints);
        TransformerLaws.Check<List<int>>(Engine);
        TransformerLaws.Check(Engine, ints.Convert(a => (IList<int>)a.ToList(), l => l.ToArray()));
        TransformerLaws.Check(Engine, ints.Convert(a => (IReadOnlyList<int>)a, l => l.ToArray()));
        TransformerLaws.Check(Engine, ints.Convert(a => (IEnumerable<int>)a, l => l.ToArray()));
        TransformerLaws.Check(Engine, ints.Convert(a => ImmutableArray.Create(a), l => l.ToArray()));
        TransformerLaws.Check(Engine, ints.Convert(a => ImmutableList.Create(a), l => l.ToArray()));
        TransformerLaws.Check(Engine, ints.Convert(a => new HashSet<int>(a), s => s.ToArray()));
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<List<double>>());
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<List<bool?>>());
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<int[][]>().Filter(a => a.All(x => x is not null)));
    }

    /// <summary>An int transformer that completes asynchronously and out of order.</summary>
    private sealed class SlowIntTransformer : TypeTransformer<int>
    {
        public override string Name => "int";
        public override LiteralType LiteralType => Simple(SimpleType.Integer);

        public override async ValueTask<Literal> ToLiteralAsync(int value, TransformerContext context)
        {
            await Task.Delay(value % 5);
            return Int(value);
        }

        public override async ValueTask<int> ToValueAsync(Literal literal, TransformerContext context)
        {
            var value = (int)((Primitive.Integer)literal.Value).Value;
            await Task.Delay(4 - value % 5);
            return value;
        }
    }
}
