using System.Diagnostics;
using System.Text.Json.Nodes;
using Flyte.LocalCluster;
using Flyte.Tests.Support;
using Xunit;

namespace Flyte.Tests.Pods;

/// <summary>What one <c>flyte execute</c> process did.</summary>
public sealed record PodRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs <c>dotnet flyte.dll execute …</c> as a pod would: in a fresh <see cref="PodSandbox"/>, with only the given variables added.</summary>
public static class PodProcess
{
    /// <summary>The built flyte.dll of the same configuration and framework as these tests.</summary>
    public static string FlyteDll
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(FlyteidlJs.RepositoryRoot, "src", "Flyte.Cli", "bin", tfm.Parent!.Name, tfm.Name, "flyte.dll");
        }
    }

    /// <summary>The assembly of these tests, where <see cref="PodSamples"/> lives.</summary>
    public static string TestAssembly => typeof(PodSamples).Assembly.Location;

    /// <summary>The assembly of the shared seed tasks (<see cref="Flyte.Tests.Workflows.Samples"/>: <c>add_one</c>, …).</summary>
    public static string SamplesAssembly => typeof(Flyte.Tests.Workflows.Samples).Assembly.Location;

    /// <summary>
    /// Runs <c>flyte execute</c> with <paramref name="arguments"/> in a fresh sandbox (deleted afterwards);
    /// <paramref name="workingDirectory"/> replaces the sandbox's own working directory when given.
    /// </summary>
    public static Task<PodRun> ExecuteAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null) =>
        RunAsync(["execute", .. arguments], environment, workingDirectory);

    /// <summary>Runs <c>flyte <paramref name="arguments"/></c> (any command) as <see cref="ExecuteAsync"/> runs <c>execute</c>.</summary>
    public static async Task<PodRun> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        using var sandbox = PodSandbox.Create();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? sandbox.WorkingDirectory,
        };
        start.ArgumentList.Add(FlyteDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in sandbox.Environment) start.Environment[key] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return new PodRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The arguments propeller renders, then <c>-- file task</c>.</summary>
    public static string[] Arguments(string inputs, string outputPrefix, string raw, string file, string task) =>
        ["--inputs", inputs, "--output-prefix", outputPrefix, "--raw-output-data-prefix", raw, "--checkpoint-path", "", "--prev-checkpoint", "\"\"", "--", file, task];

    /// <summary>Every offloaded URI of a decoded literal map: blob and dataset <c>uri</c>s, and the <c>path</c>/<c>uri</c> entries of msgpack records.</summary>
    public static IReadOnlyList<string> OffloadedUris(JsonNode? decoded)
    {
        var uris = new List<string>();
        void Walk(JsonNode? node, bool inMsgpack)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text) && (key == "uri" || (inMsgpack && key == "path")))
                            uris.Add(text);
                        else Walk(value, inMsgpack || key == "$msgpack");
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) Walk(item, inMsgpack);
                    break;
            }
        }
        Walk(decoded, false);
        return uris;
    }

    public static void AssertSucceeded(PodRun run)
    {
        Assert.True(run.ExitCode == 0, $"flyte execute exited {run.ExitCode}:\n{run.Stderr}");
        Assert.Contains("outputs.pb written", run.Stdout);
    }
}
