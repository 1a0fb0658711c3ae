using System.ComponentModel;
using System.Diagnostics;
using Flyte.Tests.Js;
using Xunit;

namespace Flyte.Tests.Python;

/// <summary>
/// Runs a golden script of tests/python with Debian's /usr/bin/python3 and its python3-msgpack, which
/// <c>dotnet fsi build.fsx build</c> (and <c>.ci/run</c>) installs. A missing interpreter or library fails the test.
/// </summary>
internal static class PythonScript
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs tests/python/<paramref name="script"/> with <paramref name="arguments"/>, feeding <paramref name="inputLines"/>; returns stdout's lines.</summary>
    public static List<string> Run(string script, IEnumerable<string> arguments, IEnumerable<string> inputLines)
    {
        var root = NodeScript.RepoRoot();
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "python", script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"The Python goldens need {Python} with Debian's python3-msgpack: run `dotnet fsi build.fsx build`, which installs it.", e);
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
                throw new TimeoutException($"{Python} {script} did not finish within 2 minutes.");
            }
            var error = stderr.Result;
            Assert.False(error.Contains("No module named 'msgpack'", StringComparison.Ordinal),
                $"{Python} has no msgpack module: run `dotnet fsi build.fsx build`, which installs Debian's python3-msgpack.");
            Assert.True(process.ExitCode == 0, $"{Python} {script} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{error}");
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
    }
}
