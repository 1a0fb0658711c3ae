using System.ComponentModel;
using System.Diagnostics;
using Xunit;

namespace Flyte.Tests.Js;

/// <summary>Runs a cross-check script of tests/js with node (needs `node` on PATH and `npm ci` at the repository root).</summary>
internal static class NodeScript
{
    /// <summary>Runs tests/js/<paramref name="script"/> with <paramref name="arguments"/>, feeding <paramref name="inputLines"/>; returns stdout's lines.</summary>
    public static List<string> Run(string script, IEnumerable<string> arguments, IEnumerable<string> inputLines)
    {
        var root = RepoRoot();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "js", script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("The cross-check needs `node` on PATH (and `npm ci` run at the repository root).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            foreach (var line in inputLines) process.StandardInput.WriteLine(line);
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {script} did not finish within 2 minutes.");
            }

            Assert.True(process.ExitCode == 0, $"node {script} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr.Result}");
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
    }

    /// <summary>The folder holding Flyte.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Flyte.sln above {AppContext.BaseDirectory}.");
    }
}
