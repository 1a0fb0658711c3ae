using System.CommandLine;
using System.CommandLine.Help;

namespace Flyte.Cli;

/// <summary>The exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything went well.</summary>
    public const int Success = 0;

    /// <summary>The task or workflow ran and failed.</summary>
    public const int WorkflowFailed = 1;

    /// <summary>Bad usage or bad input: nothing ran.</summary>
    public const int BadUsage = 2;

    /// <summary>Interrupted (Ctrl-C, SIGINT or SIGTERM), as a shell reports a process ended by SIGINT.</summary>
    public const int Interrupted = 130;
}

/// <summary>An error the user can fix (bad arguments, bad input, missing file): printed without a stack trace, exit 2.</summary>
public sealed class UsageException(string message, IReadOnlyList<string>? details = null) : Exception(message)
{
    /// <summary>More lines to print under the message, e.g. one per mismatching field.</summary>
    public IReadOnlyList<string> Details { get; } = details ?? [];
}

/// <summary>Parsing and invocation shared by the commands.</summary>
public static class Cli
{
    /// <summary>How long a command may take to wind down after Ctrl-C (a remote run terminates its execution meanwhile).</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(20);

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; parse errors exit with <see cref="ExitCodes.BadUsage"/>.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        // `@file` is a JSON value or a path more often than a response file here.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            foreach (var error in result.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine($"See '{string.Join(' ', CommandPath(result.CommandResult.Command))} --help'.");
            return ExitCodes.BadUsage;
        }
        try
        {
            // Ctrl-C cancels the command's token; a remote run then has time to terminate its execution on the cluster.
            return await result.InvokeAsync(new InvocationConfiguration
                { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TerminationGrace });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            foreach (var line in e.Details) Console.Error.WriteLine($"  {line}");
            return ExitCodes.BadUsage;
        }
        catch (Flyte.Workflows.WorkflowBuildException e)
        {
            // A launch plan or workflow the file defines that cannot be compiled or started as given.
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
    }

    private static IEnumerable<string> CommandPath(Command command) =>
        command.Parents.OfType<Command>().SelectMany(CommandPath).Append(command is RootCommand ? "flyte" : command.Name);
}
