using System.Text;
using Flyte.Storage;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>
/// The CSV codec writes what flytekit's pandas CSV encoder writes (<c>df.to_csv(uri + "/.csv", index=False)</c>) and reads
/// what its decoder reads. The expected texts are pandas 2 / CPython 3.11 output for the same frames.
/// </summary>
public sealed class CsvLayoutTests
{
    public sealed record Mixed(string? Name, long Age, double Score, bool Ok, DateTimeOffset When, double? Maybe);

    public sealed record Times(DateTime At, TimeSpan Took);

    public sealed record OneColumn(string? Text);

    public sealed record OneFloat(double Value, long Other);

    private static async Task<string> WriteAsync<TRow>(IEnumerable<TRow> rows)
    {
        var store = new MemoryBlobStore();
        await new CsvDatasetCodec<TRow>().WriteAsync(rows, store, "mem://bucket/ds", CancellationToken.None);
        Assert.Equal(["mem://bucket/ds/.csv"], await store.ListAllAsync("mem://bucket/ds"));
        return Encoding.UTF8.GetString(await store.GetBytesAsync("mem://bucket/ds/.csv"));
    }

    [Fact]
    public async Task Rows_are_written_as_pandas_to_csv_prints_them_to_the_file_named_dot_csv()
    {
        var text = await WriteAsync<Mixed>(
        [
            new("Tom", 20, 1.5, true, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), null),
            new("a,b \"q\"", -3, 1e20, false, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), 0.1),
            new(null, 0, 1e16, false, new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero), 3.0),
        ]);
        // pd.DataFrame({...}) with a datetime64[ns, UTC] column and a float64 column holding NaN.
        Assert.Equal(
            "Name,Age,Score,Ok,When,Maybe\n" +
            "Tom,20,1.5,True,2024-01-02 03:04:05+00:00,\n" +
            "\"a,b \"\"q\"\"\",-3,1e+20,False,2024-01-02 01:04:05+00:00,0.1\n" +
            ",0,1e+16,False,1999-12-31 00:00:00+00:00,3.0\n", text);
    }

    [Fact]
    public async Task Naive_times_print_dates_only_at_midnight_fractions_column_wide_and_durations_as_pandas_timedeltas()
    {
        Assert.Equal("At,Took\n2024-01-02,0 days 01:00:00\n2024-01-03,-1 days +23:00:00\n",
            await WriteAsync<Times>([new(new DateTime(2024, 1, 2), TimeSpan.FromHours(1)), new(new DateTime(2024, 1, 3), TimeSpan.FromHours(-1))]));
        Assert.Equal("At,Took\n2024-01-02 00:00:00.000000,0 days 00:00:00.500000\n2024-01-02 10:00:00.250000,2 days 00:00:00.000000\n",
            await WriteAsync<Times>([new(new DateTime(2024, 1, 2), TimeSpan.FromMilliseconds(500)),
                new(new DateTime(2024, 1, 2, 10, 0, 0, 250), TimeSpan.FromDays(2))]));
    }

    [Fact]
    public async Task The_empty_field_of_a_one_column_row_is_quoted_as_pythons_csv_module_does()
    {
        Assert.Equal("Text\n\"\"\nx\n\"\"\n", await WriteAsync<OneColumn>([new(""), new("x"), new(null)]));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.2345e-7, "1.2345e-07")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NaN, "")]
    public async Task Floats_print_as_python_repr(double value, string expected) =>
        Assert.Equal($"Value,Other\n{expected},1\n", await WriteAsync<OneFloat>([new(value, 1)]));

    [Fact]
    public async Task Pandas_output_reads_back_including_its_true_false_nan_and_time_forms_and_extra_columns()
    {
        var store = new MemoryBlobStore();
        await store.PutBytesAsync("mem://bucket/ds/.csv", Encoding.UTF8.GetBytes(
            "Extra,Name,Age,Score,Ok,When,Maybe\n" +
            "x,Tom,20,1.5,True,2024-01-02 03:04:05+00:00,\n" +
            "y,\"a,b \"\"q\"\"\",-3,1e+20,False,2024-01-02 01:04:05.250000+00:00,0.1\n"));
        var rows = await new CsvDatasetCodec<Mixed>().ReadAsync(store, "mem://bucket/ds", CancellationToken.None);
        Assert.Equal(
        [
            new Mixed("Tom", 20, 1.5, true, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), null),
            new Mixed("a,b \"q\"", -3, 1e20, false, new DateTimeOffset(2024, 1, 2, 1, 4, 5, 250, TimeSpan.Zero), 0.1),
        ], rows);
    }
}
