using System.Numerics;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Flyte.Tests.Records;
using Flyte.Tests.Unions;
using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Types;

/// <summary>
/// Every law, including "a value nested in a one-field record round-trips", for the families whose other law tests do
/// not already run it (primitives, enums, optionals, collections and dictionaries run it through their own law tests).
/// </summary>
public class NestedPositionTests
{
    private static readonly TypeEngine Engine = TypeEngine.Default;

    [Fact]
    public void Characters_times_of_day_and_big_integers_obey_every_law()
    {
        TransformerLaws.Check(Engine, Arb.From(Gen.Elements('a', 'Z', 'é', '0', ' ', '\u4e2d')));
        TransformerLaws.Check(Engine, Arb.From(Gen.Choose(0, 86_399_999).Select(ms => TimeOnly.FromTimeSpan(TimeSpan.FromMilliseconds(ms)))));
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<long>().Convert(l => new BigInteger(l), b => (long)b));
    }

    [Fact]
    public void Records_obey_every_law()
    {
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<(int, double)>().Filter(t => double.IsFinite(t.Item2))
            .Convert(t => new Point(t.Item1, t.Item2), p => (p.X, p.Y)));
        TransformerLaws.CheckValue(Engine, new Dog("Rex", 3, Flyte.Tests.Records.Color.Green));
        TransformerLaws.CheckValue(Engine, new Event(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1230), TimeSpan.FromMilliseconds(1500), 0.25));
    }

    [Fact]
    public void Closed_record_hierarchies_obey_every_law()
    {
        TransformerLaws.CheckValue<Payment>(Engine, new Payment.Card("4111", 2030));
        TransformerLaws.CheckValue<Payment>(Engine, new Payment.Transfer("DE00", null));
        TransformerLaws.CheckValue<Payment>(Engine, new Payment.Cash());
    }

    [Fact]
    public void Untyped_values_obey_every_law()
    {
        TransformerLaws.CheckValue(Engine, new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "x", ["c"] = new List<object?> { 2.5, null, true } });
        TransformerLaws.Check(Engine, Arb.From(Gen.Constant(JsonNode.Parse("""{"n": 1, "f": 2.5, "s": "x", "l": [null, true]}""")!)),
            (a, b) => JsonNode.DeepEquals(a, b), 1);
    }
}
