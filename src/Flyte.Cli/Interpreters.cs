using Flyte.Execution;
using Flyte.Execution.Local;

namespace Flyte.Cli;

/// <summary>
/// The one place that maps the command line's choice of where to run (<c>local</c>, <c>--local-cluster</c>,
/// <c>--remote</c>) to an <see cref="IWorkflowInterpreter"/>. Branches that bring an interpreter add their case here.
/// </summary>
public static class Interpreters
{
    /// <summary>Runs in this process.</summary>
    public const string Local = "local";

    /// <summary>One process per task on this machine, as a cluster would run it.</summary>
    public const string LocalCluster = "local-cluster";

    /// <summary>On the FlyteAdmin of the current configuration.</summary>
    public const string Remote = "remote";

    /// <summary>The interpreter called <paramref name="name"/>, built with <paramref name="options"/>.</summary>
    /// <exception cref="UsageException">This build has no such interpreter.</exception>
    public static IWorkflowInterpreter Resolve(string name, InterpreterOptions options) => name switch
    {
        Local => new LocalInterpreter(options),
        Remote => Commands.Register.RemoteInterpreter(options),
        LocalCluster => throw new UsageException(
            $"--{name} is not available in this build of flyte: only the local interpreter is. Run without --{name}."),
        _ => throw new UsageException($"Unknown interpreter '{name}'."),
    };
}
