using System.Diagnostics;
using Flyte.Entrypoints;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.LocalCluster;

/// <summary>Where a task's code lives, so that another process can load it: a .dll or .fsx and the task's name in it.</summary>
/// <param name="File">The path of the .dll or .fsx file.</param>
/// <param name="TaskName">The task's Flyte name in that file.</param>
public sealed record TaskSource(string File, string TaskName);

/// <summary>One attempt to start: the task, the rendered container arguments and the environment propeller would set.</summary>
/// <param name="Task">The task (already replaced by its stub, if any).</param>
/// <param name="Options">The arguments <c>flyte execute</c> gets.</param>
/// <param name="Environment">The <c>FLYTE_INTERNAL_*</c> and <c>FLYTE_ATTEMPT_NUMBER</c> variables, plus the task's own.</param>
/// <param name="RunChild">How nested calls of the task run (for launchers that run in this process).</param>
public sealed record TaskLaunch(TaskSpec Task, EntrypointOptions Options, IReadOnlyDictionary<string, string> Environment,
    TaskExecutionContext.ChildRunner? RunChild);

/// <summary>How an attempt ended: the exit code, what it wrote to standard error, and the child actions it reported.</summary>
/// <param name="ExitCode">0 when the entrypoint ran to its end (outputs.pb or error.pb was written).</param>
/// <param name="StandardError">The process's standard error (for a non-zero exit).</param>
/// <param name="Children">Nested task calls, when the launcher can see them.</param>
public sealed record LaunchResult(int ExitCode, string StandardError, IReadOnlyList<ChildAction> Children)
{
    /// <summary>
    /// The runnable tasks of the workflow a dynamic attempt wrote to <c>futures.pb</c>, when the launcher can see them
    /// (in process); empty otherwise, and the tasks are then known by their templates.
    /// </summary>
    public IReadOnlyList<TaskSpec> DynamicTasks { get; init; } = [];
}

/// <summary>Starts one task attempt the way the pod plugin starts a container, and waits for it to end.</summary>
public interface ITaskLauncher
{
    /// <summary>Runs the attempt; cancelling <paramref name="cancellationToken"/> kills it (a timeout or an aborted run).</summary>
    Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken);
}

/// <summary>
/// Runs each attempt as its own OS process: <c>dotnet &lt;flyte.dll&gt; execute --inputs … -- &lt;file&gt; &lt;task&gt;</c>,
/// exactly the command a compiled task's container runs, in a sandbox of its own like a pod: a fresh working directory,
/// <c>TMPDIR</c> and <c>HOME</c>, deleted when the process exits. A pod-local path that leaks into an output therefore
/// fails downstream exactly as it would on a cluster; only the store (and, with a local store, the metadata root) is shared.
/// </summary>
/// <param name="flyteDll">The built <c>flyte.dll</c> of Flyte.Cli.</param>
/// <param name="locate">Where each task's code lives; a task it returns null for cannot be launched.</param>
public sealed class ProcessTaskLauncher(string flyteDll, Func<TaskSpec, TaskSource?> locate) : ITaskLauncher
{
    /// <summary>
    /// Variables every process gets, as a container image bakes them in: what stands for the image's built code, such as
    /// the compiled-script cache (<c>FLYTE_SCRIPT_CACHE</c>), so a pod's fresh <c>HOME</c> does not recompile the script.
    /// </summary>
    public IReadOnlyDictionary<string, string> ImageEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line of an attempt (after <c>dotnet</c>).</summary>
    public IReadOnlyList<string> Arguments(TaskLaunch launch, TaskSource source)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(source);
        var o = launch.Options;
        return
        [
            flyteDll, "execute",
            "--inputs", o.Inputs,
            "--output-prefix", o.OutputPrefix,
            "--raw-output-data-prefix", o.RawOutputDataPrefix,
            "--checkpoint-path", o.CheckpointPath ?? "",
            "--prev-checkpoint", o.PrevCheckpoint ?? "\"\"",
            "--", source.File, source.TaskName,
        ];
    }

    /// <inheritdoc />
    public async Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var source = locate(launch.Task)
            ?? throw new FlyteSystemException($"Task '{launch.Task.Name}' has no known file, so no process can load it.");
        var sandbox = PodSandbox.Create();
        try
        {
            return await RunAsync(launch, source, sandbox, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sandbox.Dispose();
        }
    }

    private async Task<LaunchResult> RunAsync(TaskLaunch launch, TaskSource source, PodSandbox sandbox, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = sandbox.WorkingDirectory,
        };
        foreach (var arg in Arguments(launch, source)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in ImageEnvironment) start.Environment[key] = value;
        foreach (var (key, value) in sandbox.Environment) start.Environment[key] = value;
        foreach (var (key, value) in launch.Environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new FlyteSystemException("Could not start dotnet.");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await Task.WhenAll(stderr, stdout).ConfigureAwait(false);
        return new LaunchResult(process.ExitCode, await stderr.ConfigureAwait(false), []);
    }
}

/// <summary>
/// Runs each attempt through <see cref="Entrypoint.ExecuteAsync"/> in this process: the same files in the same layout
/// (inputs.pb, outputs.pb, error.pb), but the task may be a closure that no other process could load, and nested
/// calls are seen as child actions. An attempt that ignores cancellation is abandoned when cancelled.
/// </summary>
/// <param name="store">The store the entrypoint resolves URIs through.</param>
/// <param name="engine">The engine of the entrypoint's transformer context.</param>
public sealed class InProcessTaskLauncher(IBlobStore store, TypeEngine engine) : ITaskLauncher
{
    /// <summary>
    /// How long a cancelled attempt is given to stop (its writes see the cancellation and clean up) before it is
    /// abandoned; zero by default. A kill of a process needs no grace; this makes an in-process kill as final.
    /// </summary>
    public TimeSpan KillGrace { get; init; }

    /// <inheritdoc />
    public async Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var attempt = Entrypoint.ExecuteAsync(launch.Options, launch.Task, engine, store, launch.RunChild, cancellationToken);
        try
        {
            var result = await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new LaunchResult(0, "", result.Children)
            {
                DynamicTasks = result.DynamicJob is { } job ? Flyte.Execution.WorkflowRuns.Tasks(job.Workflow) : [],
            };
        }
        catch (OperationCanceledException) when (KillGrace > TimeSpan.Zero)
        {
            try
            {
                await attempt.WaitAsync(KillGrace, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The attempt's own outcome no longer matters: it was killed.
            }
            throw;
        }
    }
}
