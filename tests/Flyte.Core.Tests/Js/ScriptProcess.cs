using System.ComponentModel;
using System.Diagnostics;
using Xunit;

namespace Flyte.Tests.Js;

/// <summary>Runs a cross-check script with an interpreter outside .NET (node, python) and fails the test on any error.</summary>
internal static class ScriptProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> on <paramref name="script"/> with <paramref name="arguments"/> in the repository root,
    /// feeding <paramref name="inputLines"/>; returns stdout's lines. <paramref name="missing"/> says how to get the program.
    /// </summary>
    public static List<string> Run(string program, string script, IEnumerable<string> arguments, IEnumerable<string> inputLines,
        string missing)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = NodeScript.RepoRoot(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(missing, e);
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
                throw new TimeoutException($"{program} {script} did not finish within 2 minutes.");
            }
            Assert.True(process.ExitCode == 0, $"{program} {script} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stderr.Result}");
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
    }
}
