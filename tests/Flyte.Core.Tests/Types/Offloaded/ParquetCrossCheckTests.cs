using System.Globalization;
using System.Text.Json.Nodes;
using Flyte.Storage;
using Flyte.Tests.Js;
using Flyte.Types;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>A row of the column types a pandas frame most often has (int64, float64, object str, bool, datetime64[us, UTC]).</summary>
public sealed record PandasRow(string? Name, long? Age, double? Score, bool? Ok, DateTime? When);

/// <summary>
/// Cross-checks the parquet codec against hyparquet and hyparquet-writer (npm), written independently of Parquet.Net and
/// of us: the file we write has the schema pyarrow gives a pandas frame and reads there with the same values; a file
/// written there as pyarrow writes one (and a folder of several) reads here. Requires node and `npm ci`.
/// </summary>
public sealed class ParquetCrossCheckTests : IDisposable
{
    private readonly TempFolders _temp = new();

    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    private static List<PandasRow> SampleRows()
    {
        var random = new Random(7);
        string?[] names = ["Tom", "", "ünï €", "a,b", null, new string('x', 300)];
        var rows = new List<PandasRow>
        {
            new("min", long.MinValue, double.MinValue, false, new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            new("max", long.MaxValue, double.MaxValue, true, new DateTime(9999, 12, 31, 23, 59, 59, 999, 999, DateTimeKind.Utc)),
            new(null, null, null, null, null),
            new("tiny", 0, double.Epsilon, true, Epoch.AddTicks(10)),
            new("neg", -1, -0.1, false, Epoch.AddTicks(-10)),
        };
        for (var i = 0; i < 60; i++)
            rows.Add(new PandasRow(names[random.Next(names.Length)], random.Next(4) == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
                random.Next(5) == 0 ? null : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)), random.Next(3) == 0 ? null : random.Next(2) == 0,
                random.Next(6) == 0 ? null : Epoch.AddTicks(random.NextInt64(-TimeSpan.TicksPerDay * 365 * 60, TimeSpan.TicksPerDay * 365 * 60) / 10 * 10)));
        return rows;
    }

    [Fact]
    public async Task Hyparquet_reads_what_we_write_with_pyarrows_schema_for_a_pandas_frame_and_the_same_values()
    {
        var rows = SampleRows();
        var folder = BlobUri.FromLocalPath(_temp.New());
        await new ParquetDatasetCodec<PandasRow>().WriteAsync(rows, BlobStoreRouter.Local, folder, CancellationToken.None);
        var file = Path.Combine(BlobUri.ToLocalPath(folder), "00000");
        Assert.True(File.Exists(file), "flytekit's file name is 00000");

        var read = JsonNode.Parse(NodeScript.Run("parquet-check.mjs", ["read", file], []).Single())!;

        // The physical types, repetition and logical types pyarrow writes for a pandas frame's int64 / float64 / object (str) /
        // bool / datetime64[us, UTC] columns (coerce_timestamps="us"): all OPTIONAL. Parquet.Net also annotates INT64 as
        // INTEGER(64, signed), which pyarrow leaves implicit and reads as the same int64.
        var expectedSchema = JsonNode.Parse("""
            [{"name":"Name","type":"BYTE_ARRAY","repetition_type":"OPTIONAL","converted_type":"UTF8","logical_type":{"type":"STRING"}},
             {"name":"Age","type":"INT64","repetition_type":"OPTIONAL","converted_type":"INT_64","logical_type":{"type":"INTEGER","bitWidth":64,"isSigned":true}},
             {"name":"Score","type":"DOUBLE","repetition_type":"OPTIONAL","converted_type":null,"logical_type":null},
             {"name":"Ok","type":"BOOLEAN","repetition_type":"OPTIONAL","converted_type":null,"logical_type":null},
             {"name":"When","type":"INT64","repetition_type":"OPTIONAL","converted_type":null,"logical_type":{"type":"TIMESTAMP","isAdjustedToUTC":true,"unit":"MICROS"}}]
            """);
        Assert.True(JsonNode.DeepEquals(expectedSchema, read["schema"]), $"schema: {read["schema"]!.ToJsonString()}");

        var readRows = read["rows"]!.AsArray();
        Assert.Equal(rows.Count, readRows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = readRows[i]!;
            Assert.Equal(rows[i].Name, row["Name"]?.GetValue<string>());
            Assert.Equal(rows[i].Age, row["Age"] is { } age ? long.Parse(age["int"]!.GetValue<string>(), CultureInfo.InvariantCulture) : null);
            Assert.Equal(rows[i].Score, row["Score"]?["num"]!.GetValue<double>());
            Assert.Equal(rows[i].Ok, row["Ok"]?.GetValue<bool>());
            Assert.Equal(rows[i].When, row["When"] is { } when ? Micros(when) : null);
        }
    }

    [Fact]
    public async Task We_read_a_folder_written_by_hyparquet_as_pyarrow_writes_it_every_data_file_in_name_order()
    {
        var rows = SampleRows();
        var folder = _temp.New();
        var parts = new[] { rows.Take(20).ToList(), rows.Skip(20).ToList() };
        // Written out of order, so name order (not creation order) must be what counts.
        for (var p = parts.Length - 1; p >= 0; p--) WriteWithHyparquet(parts[p], Path.Combine(folder, $"{p:00000}"));
        await File.WriteAllTextAsync(Path.Combine(folder, "_SUCCESS"), "");
        await File.WriteAllTextAsync(Path.Combine(folder, ".00000.crc"), "not data");

        var literal = new Literal(new StructuredDataset(BlobUri.FromLocalPath(folder),
            new StructuredDatasetMetadata(new StructuredDatasetType(ValueList<DatasetColumn>.Empty, "parquet"))));
        var context = new TransformerContext(BuiltIns.AddTo(TypeEngine.Empty))
            .With(new OffloadContext(BlobStoreRouter.Local, RawOutputPrefix.NewUnique(_temp.New())) { DownloadRoot = _temp.New() });
        var dataset = await context.Engine.ToValueAsync<FlyteDataset<PandasRow>>(literal, context);
        Assert.Equal(rows, await dataset.ReadAsync());

        // A task declaring a subset of the columns reads just those (flytekit passes columns= to read_parquet).
        var subset = await context.Engine.ToValueAsync<FlyteDataset<NameOnly>>(literal, context);
        Assert.Equal(rows.Select(r => new NameOnly(r.Name)), await subset.ReadAsync());
    }

    /// <summary>A row of one column.</summary>
    public sealed record NameOnly(string? Name);

    private static void WriteWithHyparquet(IReadOnlyList<PandasRow> rows, string path)
    {
        JsonNode? Int(long? v) => v is { } x ? new JsonObject { ["int"] = x.ToString(CultureInfo.InvariantCulture) } : null;
        JsonNode? Num(double? v) => v is { } x ? new JsonObject { ["num"] = x } : null;
        JsonNode? Us(DateTime? v) => v is { } x ? new JsonObject { ["us"] = ((x.Ticks - Epoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture) } : null;
        JsonObject Column(string name, string type, IEnumerable<JsonNode?> data) =>
            new() { ["name"] = name, ["type"] = type, ["data"] = new JsonArray(data.ToArray()) };
        var input = new JsonObject
        {
            ["columns"] = new JsonArray(
                Column("Name", "STRING", rows.Select(r => r.Name is null ? null : JsonValue.Create(r.Name))),
                Column("Age", "INT64", rows.Select(r => Int(r.Age))),
                Column("Score", "DOUBLE", rows.Select(r => Num(r.Score))),
                Column("Ok", "BOOLEAN", rows.Select(r => r.Ok is { } b ? JsonValue.Create(b) : null)),
                Column("When", "TIMESTAMP_US_UTC", rows.Select(r => Us(r.When)))),
        };
        NodeScript.Run("parquet-check.mjs", ["write", path], [input.ToJsonString()]);
    }

    private static DateTime Micros(JsonNode cell) =>
        new(Epoch.Ticks + long.Parse(cell["us"]!.GetValue<string>(), CultureInfo.InvariantCulture) * 10, DateTimeKind.Utc);

    public void Dispose() => _temp.Dispose();
}
