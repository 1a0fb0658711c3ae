using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Flyte.Tests.BadInput;

/// <summary>
/// Seeded mutation fuzzing of every public decoder: each case ends in a value or one of the SDK's typed errors, never
/// in another exception (or a crash). 10 000 cases per decoder in a normal run; <c>FLYTE_FUZZ_CASES</c> sets the count
/// per decoder, <c>FLYTE_FUZZ_SEED</c> the seed and <c>FLYTE_FUZZ_REPORT</c> a file for the figures
/// (<c>dotnet fsi build.fsx fuzz --cases N</c> sets them).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    public static TheoryData<int> Targets { get; } = new(Enumerable.Range(0, FuzzTarget.All.Count));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_mutated_input_ends_in_a_value_or_a_typed_error(int index)
    {
        var target = FuzzTarget.All[index];
        var cases = Setting("FLYTE_FUZZ_CASES", 10_000);
        var seed = Setting("FLYTE_FUZZ_SEED", 14) * 1_000 + index;
        // On a thread-pool thread, as task code runs, with its smaller stack.
        var (values, typed, crashers) = await Task.Run(() => Run(target, cases, seed));

        var line = $"{target.Name}: {cases} cases, {values} values, {typed} typed errors, {crashers.Count} other (seed {seed})";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("FLYTE_FUZZ_REPORT") is { Length: > 0 } report)
            lock (typeof(FuzzTests)) File.AppendAllText(report, line + Environment.NewLine);
        Assert.True(crashers.Count == 0, $"{line}; first:{Environment.NewLine}{string.Join(Environment.NewLine, crashers.Take(5))}");
        Assert.Equal(cases, values + typed);
    }

    private static (int Values, int Typed, List<string> Crashers) Run(FuzzTarget target, int cases, int seed)
    {
        var random = new Random(seed);
        int values = 0, typed = 0;
        var crashers = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            var input = Mutator.Mutate(target.Seeds[random.Next(target.Seeds.Length)], target.Seeds, random);
            try
            {
                target.Decode(input);
                values++;
            }
            catch (Exception e) when (target.IsTyped(e))
            {
                typed++;
            }
            catch (Exception e)
            {
                crashers.Add($"case {i}: {e.GetType().Name}: {e.Message.Split('\n')[0]} input {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 200)))}");
            }
        }
        return (values, typed, crashers);
    }
}
