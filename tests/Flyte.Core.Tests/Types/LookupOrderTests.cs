using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

/// <summary>A wholly new type (the "Extending Flyte" seed's idea): no built-in family knows it.</summary>
public sealed record Coordinate(double X, double Y);

/// <summary>The user's transformer for it: the text <c>"x,y"</c> as a STRING.</summary>
public sealed class CoordinateTransformer : TypeTransformer<Coordinate>
{
    public override string Name => "Coordinate";
    public override LiteralType LiteralType => LiteralType.Of(SimpleType.String);

    public override ValueTask<Literal> ToLiteralAsync(Coordinate value, TransformerContext context) =>
        new(new Literal(new Primitive.StringValue(string.Create(CultureInfo.InvariantCulture, $"{value.X:R},{value.Y:R}"))));

    public override ValueTask<Coordinate> ToValueAsync(Literal literal, TransformerContext context)
    {
        if (literal.Value is Primitive.StringValue { Value: var text } && text.Split(',') is [var x, var y])
            return new(new Coordinate(double.Parse(x, CultureInfo.InvariantCulture), double.Parse(y, CultureInfo.InvariantCulture)));
        throw new TypeTransformerException(LiteralType, literal.ToString(), "Expected \"x,y\".");
    }
}

/// <summary>A transformer that writes every int as the string "custom"; used to see which transformer won.</summary>
public sealed class Marker<T>(string mark) : TypeTransformer<T>
{
    public override string Name => mark;
    public override LiteralType LiteralType => LiteralType.Of(SimpleType.String);
    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context) => new(new Literal(new Primitive.StringValue(mark)));
    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context) => new(default(T)!);
}

public sealed class MarkerFactory<T>(string mark) : TransformerFactory
{
    public override bool CanTransform(Type type) => type == typeof(T);
    public override ITypeTransformer Create(Type type, TypeEngine engine) => new Marker<T>(mark);
}

public sealed class AttributeMarker() : TransformerFactory
{
    public override bool CanTransform(Type type) => true;
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        (ITypeTransformer)Activator.CreateInstance(typeof(Marker<>).MakeGenericType(type), "attribute")!;
}

[FlyteTransformer(typeof(AttributeMarker))]
public enum Tagged { A, B }

public class LookupOrderTests
{
    [Fact]
    public void An_exact_transformer_beats_a_factory_which_beats_an_attribute_which_beats_a_built_in()
    {
        Assert.Equal("DefaultEnumTransformer", Engine.Get<Color>().Name); // the same kind of type without the attribute
        Assert.Equal("attribute", Engine.Get<Tagged>().Name);
        var withFactory = Engine.Add(new MarkerFactory<Tagged>("factory"));
        Assert.Equal("factory", withFactory.Get<Tagged>().Name);
        var withExact = withFactory.Add(new Marker<Tagged>("exact"));
        Assert.Equal("exact", withExact.Get<Tagged>().Name);
        // The engines are values: adding to one changed none of the others.
        Assert.Equal("attribute", Engine.Get<Tagged>().Name);
    }

    [Fact]
    public void A_user_transformer_replaces_a_built_in_everywhere_it_is_nested()
    {
        var engine = Engine.Add(new Marker<int>("mine"));
        Assert.Equal(Str("mine"), ToLiteral(5, engine));
        Assert.Equal(List(Str("mine"), Str("mine")), ToLiteral(new List<int> { 1, 2 }, engine));
        Assert.Equal(LiteralType.UnionOf(Simple(SimpleType.String).WithTag("mine"), Simple(SimpleType.None).WithTag("none")),
            engine.LiteralTypeOf<int?>());
        Assert.Equal(Int(5), ToLiteral(5));
    }

    [Fact]
    public void A_user_transformer_for_a_wholly_new_type_composes_with_the_built_in_families()
    {
        var engine = Engine.Add(new CoordinateTransformer());
        var points = new List<Coordinate> { new(1.5, -2), new(0, 3.25) };
        Assert.Equal(List(Str("1.5,-2"), Str("0,3.25")), ToLiteral(points, engine));
        Assert.Equal(points, ToValue<List<Coordinate>>(ToLiteral(points, engine), engine));
        Assert.Equal("Coordinate", ((UnionType)engine.GetOptional(typeof(Coordinate)).LiteralType.Type).Variants[0].Structure!.Tag);
        var finite = ArbMap.Default.ArbFor<NormalFloat>();
        TransformerLaws.Check(engine, Arb.From(
            from x in finite.Generator from y in finite.Generator select new Coordinate(x.Get, y.Get)));
        TransformerLaws.Check(engine, Arb.From(
            from x in finite.Generator from y in finite.Generator select new Coordinate(x.Get, y.Get)).Generator.ListOf().Select(l => l.ToArray()).ToArbitrary());
    }

    [Fact]
    public void A_type_with_no_transformer_is_an_error_that_says_what_to_do()
    {
        var e = Assert.Throws<TypeTransformerException>(() => TypeEngine.Empty.Get<int>());
        Assert.Contains("System.Int32", e.Found);
        Assert.Contains("TypeEngine.Add", e.Message);
        var nested = Assert.Throws<TypeTransformerException>(() => Engine.Get<List<Func<int>>>());
        Assert.Contains("Func", nested.Found);
    }
}
