using System.Diagnostics;
using Flyte.Remote;
using Xunit;

namespace Flyte.Tests.Admin;

/// <summary><c>flyte register</c> as a real process against the fake FlyteAdmin.</summary>
public sealed class RegisterCommandTests : IDisposable
{
    private static readonly string RepoRoot = FindRepoRoot();
    private readonly FakeFlyteAdmin admin = new();
    private readonly string scriptCache = Directory.CreateTempSubdirectory("flyte-script-cache-").FullName;

    public void Dispose()
    {
        admin.Dispose();
        Directory.Delete(scriptCache, recursive: true);
        Assert.Empty(admin.Problems);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Flyte.sln")))
            dir = dir.Parent ?? throw new InvalidOperationException("Flyte.sln not found above the test assembly.");
        return dir.FullName;
    }

    private (int ExitCode, string Stdout, string Stderr) Flyte(AdminTransport transport, params string[] args)
    {
        // Same configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var flyteDll = Path.Combine(RepoRoot, "src", "Flyte.Cli", "bin", configuration, "net10.0", "flyte.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(flyteDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // flytectl's dns:///host:port is gRPC; an http:// address the REST gateway.
        info.Environment["FLYTE_ADMIN_ENDPOINT"] = admin.ConfigEndpoint(transport);
        info.Environment["FLYTE_PLATFORM_INSECURE"] = "true";
        info.Environment["FLYTECTL_CONFIG"] = Path.Combine(RepoRoot, "no-such-config.yaml");
        info.Environment["FLYTE_SCRIPT_CACHE"] = scriptCache;   // not the user's cache
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("flyte did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData(AdminTransport.Grpc)]
    [InlineData(AdminTransport.Rest)]
    public void Registers_every_entity_is_idempotent_and_refuses_changed_content_under_a_version(AdminTransport transport)
    {
        var script = Path.Combine(RepoRoot, "tests", "Flyte.Cli.Tests", "Fixtures", "dataclass_example.fsx");
        string[] common = ["register", script, "--project", "flytesnacks", "--domain", "development", "--version", "v1"];

        var first = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v1"]);
        var again = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v1"]);
        var changed = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v2"]);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Task flytesnacks/development/predict_one@v1: registered", first.Stdout);
        Assert.Contains("LaunchPlan flytesnacks/development/batch_wf@v1: registered", first.Stdout);
        Assert.Contains(admin.Tasks.Keys, k => k == "flytesnacks/development/process_batch/v1");
        Assert.Contains("flytesnacks/development/batch_wf/v1", admin.Workflows.Keys);
        Assert.Equal("localhost:30000/flows:v1", admin.Tasks["flytesnacks/development/predict_one/v1"].Spec.Template.Container.Image);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain(": registered", again.Stdout);
        Assert.Contains("already registered (identical)", again.Stdout);

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("new version", changed.Stderr);
        Assert.Contains(transport == AdminTransport.Grpc ? "gRPC CreateTask" : "POST /api/v1/tasks", admin.Requests);
    }
}
