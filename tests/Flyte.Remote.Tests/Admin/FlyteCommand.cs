using System.Diagnostics;
using Flyte.Remote;

namespace Flyte.Tests.Admin;

/// <summary>The real <c>flyte</c> command as a process, pointed at a fake FlyteAdmin through flytectl's variables.</summary>
internal sealed class FlyteCommand : IDisposable
{
    private static readonly string RepoRoot = FindRepoRoot();
    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;

    private FlyteCommand(Process process)
    {
        this.process = process;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The repository's root folder (where Flyte.sln is).</summary>
    public static string Root => RepoRoot;

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>
    /// Starts <c>flyte <paramref name="args"/></c> against <paramref name="admin"/> over <paramref name="transport"/>
    /// (flytectl's <c>dns:///host:port</c> for gRPC, an <c>http://</c> address for REST), with no config file and
    /// <paramref name="scriptCache"/> as the script cache.
    /// </summary>
    public static FlyteCommand Start(FakeFlyteAdmin admin, AdminTransport transport, string scriptCache, params string[] args) =>
        Start(admin, transport, scriptCache, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(FakeFlyteAdmin, AdminTransport, string, string[])"/>, with <paramref name="environment"/> on top (auth settings).</summary>
    public static FlyteCommand Start(FakeFlyteAdmin admin, AdminTransport transport, string scriptCache, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        // Same configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var flyteDll = Path.Combine(RepoRoot, "src", "Flyte.Cli", "bin", configuration, "net10.0", "flyte.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(flyteDll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["FLYTE_ADMIN_ENDPOINT"] = admin.ConfigEndpoint(transport);
        info.Environment["FLYTE_PLATFORM_INSECURE"] = "true";
        info.Environment["FLYTECTL_CONFIG"] = Path.Combine(RepoRoot, "no-such-config.yaml");
        info.Environment["FLYTE_SCRIPT_CACHE"] = scriptCache;   // not the user's cache
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        return new FlyteCommand(Process.Start(info)!);
    }

    /// <summary>Runs <c>flyte <paramref name="args"/></c> to its end (at most 2 minutes).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(FakeFlyteAdmin admin, AdminTransport transport, string scriptCache,
        params string[] args)
    {
        using var command = Start(admin, transport, scriptCache, args);
        return command.Wait();
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the end (at most 2 minutes) and returns the exit code and both outputs.</summary>
    public (int ExitCode, string Stdout, string Stderr) Wait()
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            // What it printed up to then says where it stood (a run still waiting, a termination that hung).
            process.WaitForExit();
            throw new TimeoutException($"flyte did not finish in 2 minutes; its stderr:\n{stderr.Result}\nits stdout:\n{stdout.Result}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir.FullName, "Flyte.sln")))
            dir = dir.Parent ?? throw new InvalidOperationException("Flyte.sln not found above the test assembly.");
        return dir.FullName;
    }
}

/// <summary>A fake FlyteAdmin and a script cache of its own for tests that run the <c>flyte</c> command; disposing checks the fake saw no malformed request.</summary>
public abstract class FlyteCommandTests : IDisposable
{
    /// <summary>The fake the command talks to.</summary>
    protected FakeFlyteAdmin Admin { get; } = new();

    /// <summary>Where the command caches compiled scripts (not the user's cache).</summary>
    protected string ScriptCache { get; } = Directory.CreateTempSubdirectory("flyte-script-cache-").FullName;

    public void Dispose()
    {
        Admin.Dispose();
        Directory.Delete(ScriptCache, recursive: true);
        Xunit.Assert.Empty(Admin.Problems);
    }
}
