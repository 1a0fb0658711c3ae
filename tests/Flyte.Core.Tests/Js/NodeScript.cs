namespace Flyte.Tests.Js;

/// <summary>Runs a cross-check script of tests/js with node (needs `node` on PATH and `npm ci` at the repository root).</summary>
internal static class NodeScript
{
    /// <summary>Runs tests/js/<paramref name="script"/> with <paramref name="arguments"/>, feeding <paramref name="inputLines"/>; returns stdout's lines.</summary>
    public static List<string> Run(string script, IEnumerable<string> arguments, IEnumerable<string> inputLines) =>
        ScriptProcess.Run("node", Path.Combine(RepoRoot(), "tests", "js", script), arguments, inputLines,
            "The cross-check needs `node` on PATH (and `npm ci` run at the repository root).");

    /// <summary>The folder holding Flyte.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Flyte.sln above {AppContext.BaseDirectory}.");
    }
}
