using Flyte.Testing;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public class GuessTests
{
    [Fact]
    public void Simple_types_guess_the_widest_natural_net_type()
    {
        Assert.Equal(typeof(long), Engine.GuessType(Simple(SimpleType.Integer)));
        Assert.Equal(typeof(double), Engine.GuessType(Simple(SimpleType.Float)));
        Assert.Equal(typeof(string), Engine.GuessType(Simple(SimpleType.String)));
        Assert.Equal(typeof(bool), Engine.GuessType(Simple(SimpleType.Boolean)));
        Assert.Equal(typeof(DateTime), Engine.GuessType(Simple(SimpleType.Datetime)));
        Assert.Equal(typeof(TimeSpan), Engine.GuessType(Simple(SimpleType.Duration)));
        Assert.Equal(typeof(byte[]), Engine.GuessType(Simple(SimpleType.Binary)));
    }

    [Fact]
    public void Containers_and_optionals_guess_from_their_parts()
    {
        Assert.Equal(typeof(List<long>), Engine.GuessType(LiteralType.CollectionOf(Simple(SimpleType.Integer))));
        Assert.Equal(typeof(Dictionary<string, List<double>>),
            Engine.GuessType(LiteralType.MapOf(LiteralType.CollectionOf(Simple(SimpleType.Float)))));
        var none = Simple(SimpleType.None).WithTag("none");
        Assert.Equal(typeof(long?), Engine.GuessType(LiteralType.UnionOf(Simple(SimpleType.Integer).WithTag("int"), none)));
        Assert.Equal(typeof(string), Engine.GuessType(LiteralType.UnionOf(Simple(SimpleType.String).WithTag("str"), none)));
        Assert.Null(Engine.GuessType(LiteralType.UnionOf(Simple(SimpleType.String).WithTag("str"), Simple(SimpleType.Integer).WithTag("int"))));
        Assert.Null(Engine.GuessType(Engine.LiteralTypeOf<Dictionary<int, string>>()));
    }

    [Fact]
    public async Task An_enum_type_guesses_a_run_time_enum_with_the_same_values()
    {
        var type = new LiteralType(new EnumType(ValueList.Of("fast-mode", "slow")));
        var guessed = Engine.GuessType(type)!;
        Assert.True(guessed.IsEnum);
        Assert.Equal(type, Engine.LiteralTypeOf(guessed));
        Assert.Same(guessed, Engine.GuessType(type));
        var value = await Engine.ToValueAsync(Str("slow"), guessed);
        Assert.Equal("slow", value!.ToString());
    }

    [Fact]
    public async Task A_guessed_type_round_trips_what_a_python_peer_would_send()
    {
        var literal = List(Int(1), Int(2));
        var guessed = Engine.GuessType(LiteralType.CollectionOf(Simple(SimpleType.Integer)))!;
        var value = await Engine.ToValueAsync(literal, guessed);
        Assert.Equal(literal, await Engine.ToLiteralAsync(value, guessed));
    }
}

public class LawCheckerTests
{
    private sealed class Forgetful : TypeTransformer<int>
    {
        public override string Name => "int";
        public override LiteralType LiteralType => LiteralType.Of(SimpleType.Integer);
        public override ValueTask<Literal> ToLiteralAsync(int value, TransformerContext context) => new(Int(value));
        public override ValueTask<int> ToValueAsync(Literal literal, TransformerContext context) => new(0);
    }

    private sealed class Liar : TypeTransformer<int>
    {
        public override string Name => "int";
        public override LiteralType LiteralType => LiteralType.Of(SimpleType.String);
        public override ValueTask<Literal> ToLiteralAsync(int value, TransformerContext context) => new(Int(value));
        public override ValueTask<int> ToValueAsync(Literal literal, TransformerContext context) => new((int)((Primitive.Integer)literal.Value).Value);
    }

    [Fact]
    public void The_law_checker_catches_a_transformer_that_loses_values()
    {
        var e = Assert.ThrowsAny<Exception>(() => TransformerLaws.Check<int>(TypeEngine.Default.Add(new Forgetful())));
        Assert.Contains("value -> literal -> value", e.ToString());
    }

    [Fact]
    public void The_law_checker_catches_a_literal_that_is_not_of_the_declared_type()
    {
        var e = Assert.ThrowsAny<Exception>(() => TransformerLaws.Check<int>(TypeEngine.Default.Add(new Liar())));
        Assert.Contains("is an instance of the LiteralType", e.ToString());
    }

    [Fact]
    public void Structural_equality_compares_sequences_sets_and_dictionaries_by_content()
    {
        Assert.True(TransformerLaws.AreEqual(new List<int> { 1, 2 }, new[] { 1, 2 }));
        Assert.False(TransformerLaws.AreEqual(new List<int> { 1, 2 }, new[] { 2, 1 }));
        Assert.True(TransformerLaws.AreEqual(new HashSet<int> { 1, 2 }, new HashSet<int> { 2, 1 }));
        Assert.True(TransformerLaws.AreEqual(new Dictionary<string, int[]> { ["a"] = [1] }, new Dictionary<string, int[]> { ["a"] = [1] }));
        Assert.True(TransformerLaws.AreEqual(double.NaN, double.NaN));
    }
}
