using Flyte.Tests.Records;
using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Python;

/// <summary>
/// Record msgpack against Python's own msgpack (Debian's python3-msgpack 1.0.3, the library flytekit packs with):
/// tests/python/msgpack_goldens.py builds each value as mashumaro's <c>to_dict</c> would (Python's <c>isoformat()</c>,
/// <c>total_seconds()</c>, <c>str(UUID)</c>), checks that what .NET writes unpacks to it and that <c>packb</c> writes the
/// same bytes, and writes its own bytes for .NET to read.
/// </summary>
public sealed class PythonMsgpackTests
{
    private static readonly Everything Everything = new(
        new Point(1, 2.5), [new Point(3, 4.0)], new() { ["a"] = 1, ["b"] = -2 }, new() { [7] = "seven", [-1] = "minus one" }, null,
        9007199254740993, Status.InProgress, [0x00, 0x01, 0xff], TimeSpan.FromSeconds(90.5),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_560), new DateOnly(2024, 2, 29),
        Guid.Parse("6F9619FF-8B86-D011-B42D-00C04FC964FF"), "text", [[1.0, 2.0], []]);

    private static readonly Event EventUtc = new(new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc), TimeSpan.FromTicks(10), 0.1);

    private static async Task<string> Hex<T>(T value)
    {
        var literal = await TypeEngine.Default.ToLiteralAsync(value);
        return Convert.ToHexStringLower(Assert.IsType<Binary>(literal.Value).Value.Span);
    }

    private static async Task<T> Read<T>(string hex) =>
        await TypeEngine.Default.ToValueAsync<T>(new Literal(new Binary(Bytes.Wrap(Convert.FromHexString(hex)), Binary.MessagePackTag)));

    [Fact]
    public async Task What_dotnet_writes_is_what_python_msgpack_writes_for_the_dataclass_dict()
    {
        var lines = PythonScript.Run("msgpack_goldens.py", ["check"],
            [$"everything {await Hex(Everything)}", $"event_utc {await Hex(EventUtc)}"]);

        Assert.Equal(["everything ok", "event_utc ok"], lines);
    }

    [Fact]
    public async Task What_python_msgpack_writes_reads_into_the_records()
    {
        var written = PythonScript.Run("msgpack_goldens.py", ["write"], []).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);

        var everything = await Read<Everything>(written["everything"]);
        var ev = await Read<Event>(written["event_utc"]);

        Assert.Equal((Everything.Origin, Everything.Path.Single(), Everything.Big, Everything.Status, Everything.Took, Everything.At, Everything.Day, Everything.Id),
            (everything.Origin, everything.Path.Single(), everything.Big, everything.Status, everything.Took, everything.At, everything.Day, everything.Id));
        Assert.Equal(Everything.Counts, everything.Counts);
        Assert.Equal(Everything.Names, everything.Names);
        Assert.Equal(Everything.Raw, everything.Raw);
        Assert.Equal((Everything.Original, Everything.Maybe), (everything.Original, everything.Maybe));
        Assert.Equal(Everything.Grid.Select(r => string.Join(",", r)), everything.Grid.Select(r => string.Join(",", r)));
        Assert.Equal(EventUtc, ev);
        // And written again, byte for byte what Python wrote.
        Assert.Equal(written["everything"], await Hex(everything));
        Assert.Equal(written["event_utc"], await Hex(ev));
    }
}
