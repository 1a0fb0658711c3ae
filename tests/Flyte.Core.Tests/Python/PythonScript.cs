using Flyte.Tests.Js;

namespace Flyte.Tests.Python;

/// <summary>
/// Runs a golden script of tests/python with Debian's /usr/bin/python3 and its python3-msgpack, which
/// <c>dotnet fsi build.fsx build</c> (and <c>.ci/run</c>) installs. A missing interpreter or library fails the test.
/// </summary>
internal static class PythonScript
{
    private const string Python = "/usr/bin/python3";

    private const string Missing = $"The Python goldens need {Python} with Debian's python3-msgpack: run `dotnet fsi build.fsx build`, which installs it.";

    /// <summary>Runs tests/python/<paramref name="script"/> with <paramref name="arguments"/>, feeding <paramref name="inputLines"/>; returns stdout's lines.</summary>
    public static List<string> Run(string script, IEnumerable<string> arguments, IEnumerable<string> inputLines)
    {
        var path = Path.Combine(NodeScript.RepoRoot(), "tests", "python", script);
        try
        {
            return ScriptProcess.Run(Python, path, arguments, inputLines, Missing);
        }
        catch (Xunit.Sdk.XunitException e) when (e.Message.Contains("No module named 'msgpack'", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(Missing, e);
        }
    }
}
