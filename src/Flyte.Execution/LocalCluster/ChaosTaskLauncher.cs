using System.Collections.Concurrent;

namespace Flyte.LocalCluster;

/// <summary>One attempt the chaos launcher killed.</summary>
/// <param name="Task">The task's name.</param>
/// <param name="ExecutionId">The node the attempt ran for.</param>
/// <param name="Attempt">The attempt number (from 1).</param>
/// <param name="After">How long after its start it was killed.</param>
public sealed record ChaosKill(string Task, string ExecutionId, int Attempt, TimeSpan After);

/// <summary>
/// Kills a chosen share of attempts at a random moment — before, during or after the output write (an attempt that ends
/// before its moment is lost after its write) — the way a lost
/// node or an evicted pod ends a container: the attempt is cancelled (a process is killed) and reported with exit code
/// 137, which the local cluster, like propeller, treats as a recoverable system failure and retries within its system
/// budget. The choice is seeded, so a run is reproducible.
/// </summary>
/// <param name="inner">The launcher that really runs the attempts.</param>
/// <param name="share">The share of attempts to kill, between 0 and 1.</param>
/// <param name="latest">The latest moment after an attempt's start a kill happens; kills are spread uniformly up to it.</param>
/// <param name="seed">The seed of the random choices.</param>
public sealed class ChaosTaskLauncher(ITaskLauncher inner, double share, TimeSpan latest, int seed = 0) : ITaskLauncher
{
    /// <summary>The exit code a killed attempt reports (SIGKILL).</summary>
    public const int KilledExitCode = 137;

    private readonly Random _random = new(seed);
    private readonly ConcurrentQueue<ChaosKill> _kills = new();

    /// <summary>The attempts killed so far.</summary>
    public IReadOnlyList<ChaosKill> Kills => [.. _kills];

    /// <inheritdoc />
    public async Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        bool kill;
        TimeSpan after;
        lock (_random)
        {
            kill = _random.NextDouble() < share;
            after = latest * _random.NextDouble();
        }
        if (!kill) return await inner.LaunchAsync(launch, cancellationToken).ConfigureAwait(false);
        using var killer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A kill at once is one before the attempt starts: CancelAfter(0) would fire on a timer, after a quick attempt's end.
        if (after <= TimeSpan.Zero) killer.Cancel();
        else killer.CancelAfter(after);
        try
        {
            var result = await inner.LaunchAsync(launch, killer.Token).ConfigureAwait(false);
            // An attempt that ended before its kill came is lost all the same, after its write: the pod died before its
            // success was seen. So every chosen attempt is a kill, however quick the task.
            if (cancellationToken.IsCancellationRequested) return result;
        }
        catch (OperationCanceledException) when (killer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }
        _kills.Enqueue(new ChaosKill(launch.Task.Name, launch.Options.ExecutionId, launch.Options.Attempt, after));
        return new LaunchResult(KilledExitCode, $"chaos: attempt {launch.Options.Attempt} of {launch.Task.Name} killed after {after.TotalMilliseconds:0} ms", []);
    }
}
