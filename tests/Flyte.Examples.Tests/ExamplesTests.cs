using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace Flyte.Tests.Examples;

/// <summary>
/// Every example in docs/examples runs as a user runs it — <c>dotnet fsi docs/examples/&lt;name&gt;.fsx</c>, and the
/// C# example's built program — and prints the values its seed's <c>__main__</c> shows.
/// </summary>
public sealed class ExamplesTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) return dir.FullName;
        throw new InvalidOperationException("Flyte.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Configuration() =>
        typeof(ExamplesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} ran past {Limit}.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string[]> Script(string name)
    {
        var (exit, stdout, stderr) = await Run("fsi", Path.Combine("docs", "examples", name));
        Assert.True(exit == 0, $"{name} exited with {exit}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Seed_001_dataclasses_and_structures_summarizes_the_3_request_batch()
    {
        var lines = await Script("dataclasses_and_structures.fsx");
        Assert.Contains("Predictions: 9, 19, 29", lines);
        Assert.Contains("Batch demo_batch_001: Processed 3 predictions, average value: 19.00", lines);
    }

    [Fact]
    public async Task Conditions_double_fractions_square_the_rest_fail_out_of_range_and_nest()
    {
        var lines = await Script("conditions.fsx");
        Assert.Contains("multiplier(0.5) = 1", lines);
        Assert.Contains("multiplier(3) = 9", lines);
        Assert.Contains("multiplier_2(5) = 25", lines);
        Assert.Contains("multiplier_2(20) failed: Node n0 ('fractions') failed after 1 attempt(s) with a user error: The input must be between 0 and 10", lines);
        Assert.Contains("nested_conditions(0.3) = 0.36", lines);
        Assert.Contains("nested_conditions(0.8) = 0.4096", lines);
    }

    [Fact]
    public async Task Map_task_joins_the_mapped_strings_and_scales_with_a_bound_factor()
    {
        var lines = await Script("map_task.fsx");
        Assert.Contains("my_map_workflow([1; 2; 3; 4; 5]) = 34567", lines);
        Assert.Contains("scaled_workflow([1; 2; 3], 10) = [10; 20; 30]", lines);
    }

    [Fact]
    public async Task Dynamic_counts_the_letters_two_words_share_with_a_node_per_letter()
    {
        var lines = await Script("dynamic.fsx");
        Assert.Contains("wf(Pear, Earth) = 3", lines);
    }

    [Fact]
    public async Task Launch_plans_call_the_python_task_through_its_stub_and_apply_the_fixed_region_in_a_launch_plan_node()
    {
        var lines = await Script("launch_plans.fsx");
        Assert.Contains("report_wf(us, 2) = Report us: 4", lines);
        Assert.Contains("weekly_wf(3) = Report eu: 6", lines);
    }

    [Fact]
    public async Task Seed_000_custom_objects_adds_the_data_and_reads_back_the_result()
    {
        var lines = await Script("custom_objects.fsx");
        Assert.Contains("Datum: x = 30, y = 1020, z = 10: 10", lines);
        Assert.Contains(lines, l => l.StartsWith("Result: schema parquet, file ", StringComparison.Ordinal));
        Assert.Contains("download_result: the dataset, the file and the directory read back as written", lines);
    }

    [Fact]
    public async Task Seeds_002_and_004_pickle_send_People_opaquely_and_batch_them_in_twos()
    {
        var lines = await Script("pickle.fsx");
        Assert.Contains("welcome: Foo", lines);
        Assert.Contains("welcome_all: f, o, o", lines);
        Assert.Contains("welcome_all wrote 2 files", lines);
    }

    [Fact]
    public async Task Seed_003_extending_checks_the_laws_runs_middleware_in_order_and_setup_teardown_around()
    {
        var lines = await Script("extending.fsx");
        Assert.Contains("Coordinate transformer: every law holds", lines);
        Assert.Equal(["Coordinate x = 2, y = 4, index = 2", "Coordinate x = 3, y = 9, index = 3", "Coordinate x = 4, y = 16, index = 4"],
            lines.Where(l => l.StartsWith("Coordinate x", StringComparison.Ordinal)));
        var order = new[] { "setup: service started", "do something before", "add_one took less than a second: true", "do something after", "teardown: service stopped" };
        Assert.Equal(order, lines.Where(order.Contains));
        Assert.Contains("add_one_wf(x=41) = 42", lines);
    }

    [Fact]
    public async Task Seed_001_in_CSharp_runs_the_fluent_workflow_with_three_child_actions()
    {
        var program = Path.Combine(RepoRoot(), "docs", "examples", "CSharp", "bin", Configuration(), "net10.0", "Flyte.Examples.CSharp.dll");
        Assert.True(File.Exists(program), $"{program} is not built.");
        var (exit, stdout, stderr) = await Run(program);
        Assert.True(exit == 0, $"The C# example exited with {exit}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Predictions: 9, 19, 29",
            "process_batch ran 3 child actions: predict_one, predict_one, predict_one",
            "Batch demo_batch_001: Processed 3 predictions, average value: 19.00"], lines);
    }
}
