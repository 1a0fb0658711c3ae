using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.LocalCluster;

namespace Flyte.Cli;

/// <summary>
/// The one place that maps the command line's choice of where to run (<c>local</c>, <c>--local-cluster</c>,
/// <c>--remote</c>) to an <see cref="IWorkflowInterpreter"/>.
/// </summary>
public static class Interpreters
{
    /// <summary>Runs in this process.</summary>
    public const string Local = "local";

    /// <summary>One process per task on this machine, as a cluster would run it.</summary>
    public const string LocalCluster = "local-cluster";

    /// <summary>On the FlyteAdmin of the current configuration.</summary>
    public const string Remote = "remote";

    /// <summary>
    /// The interpreter called <paramref name="name"/>, built with <paramref name="options"/>; <paramref name="file"/> is the
    /// .dll or .fsx the entities came from (the local cluster starts <c>flyte execute -- file task</c> per attempt).
    /// <paramref name="clusterRoot"/> is the local cluster's metadata root (a folder or an <c>s3://</c> prefix, reached
    /// with the same store and <c>FLYTE_AWS_*</c> settings as the entrypoint); null keeps the default temp folder.
    /// </summary>
    /// <exception cref="UsageException">There is no interpreter of that name.</exception>
    public static IWorkflowInterpreter Resolve(string name, InterpreterOptions options, string file, string? clusterRoot = null) => name switch
    {
        Local => new LocalInterpreter(options),
        // The compiled script is the pods' image: every task process loads it from this run's cache.
        LocalCluster => new LocalClusterInterpreter(options, LocalClusterOptions.Processes(typeof(Interpreters).Assembly.Location, file, clusterRoot,
            new Dictionary<string, string> { [Scripting.ScriptCache.FolderVariable] = Scripting.ScriptCache.folder() })),
        Remote => Flyte.Remote.RemoteInterpreter.FromEnvironment(options),
        _ => throw new UsageException($"Unknown interpreter '{name}'."),
    };
}
