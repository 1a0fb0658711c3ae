using System.CommandLine;
using Flyte.Scripting;

namespace Flyte.Cli.Commands;

/// <summary><c>flyte cache clear</c>: empties the compiled-script cache (see <c>ScriptCache</c>).</summary>
public static class CacheCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var clear = new Command("clear", """
            Remove every compiled script from the cache; the next run of each script compiles it again.

            Example:
              flyte cache clear
            """);
        clear.SetAction(_ =>
        {
            var removed = ScriptCache.clear();
            Console.Out.WriteLine($"Removed {removed} compiled script(s) from {ScriptCache.folder()}.");
            return ExitCodes.Success;
        });
        return new Command("cache", """
            The compiled-script cache: each .fsx is compiled once per content (its own, everything it #loads and #r's,
            and the SDK's) and reused by run, graph, package and execute. Folder: $FLYTE_SCRIPT_CACHE, else
            $XDG_CACHE_HOME/flyte-dotnet/scripts, else ~/.cache/flyte-dotnet/scripts.

            Example:
              flyte cache clear
            """) { clear };
    }
}
