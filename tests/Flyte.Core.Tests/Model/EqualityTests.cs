using Xunit;

namespace Flyte.Tests.Model;

public class EqualityTests
{
    [Fact]
    public void Literals_built_separately_from_the_same_parts_are_equal_and_hash_alike()
    {
        Literal Build() => new LiteralMap(ValueMap.Of(
            ("xs", (Literal)new LiteralCollection(ValueList.Of<Literal>(new Primitive.Integer(1), new Primitive.StringValue("a")))),
            ("b", (Literal)new Binary(Bytes.CopyFrom([1, 2, 3]), Binary.MessagePackTag))));

        Assert.Equal(Build(), Build());
        Assert.Equal(Build().GetHashCode(), Build().GetHashCode());
        Assert.NotEqual(Build(), new Literal(new Primitive.Integer(1)));
    }

    [Fact]
    public void A_literal_type_prints_readably()
    {
        var type = LiteralType.CollectionOf(LiteralType.UnionOf(
            LiteralType.Of(SimpleType.Integer).WithTag("int"), LiteralType.Of(SimpleType.None).WithTag("none")));
        Assert.Equal("list<union(INTEGER#int | NONE#none)>", type.ToString());
    }
}
