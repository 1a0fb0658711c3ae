using System.Collections.Concurrent;
using Flyte.Execution;
using Spectre.Console;

namespace Flyte.Cli;

/// <summary>
/// Shows how the nodes of a run go. On a terminal: a live Spectre.Console view, one line per node and child action with
/// its status, under an overall progress bar. Redirected: one plain line per event on standard error, so that standard
/// output keeps only the outputs.
/// </summary>
public static class NodeProgress
{
    /// <summary>Runs <paramref name="run"/>, handing it the observer to put in <see cref="InterpreterOptions.Observer"/>.</summary>
    public static async Task<T> WithViewAsync<T>(bool live, Func<Action<NodeEvent>, Task<T>> run)
    {
        if (!live)
            return await run(e => Console.Error.WriteLine(PlainLine(e)));

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask("[bold]nodes[/]", maxValue: 0);
                var rows = new ConcurrentDictionary<string, ProgressTask>(StringComparer.Ordinal);
                var finished = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
                void Observe(NodeEvent e)
                {
                    var row = rows.GetOrAdd(e.NodeId, _ =>
                    {
                        lock (overall) overall.MaxValue += 1;
                        return context.AddTask(Describe(e), maxValue: 1);
                    });
                    row.Description = Describe(e);
                    if (e.Status is NodeStatus.Succeeded or NodeStatus.Failed or NodeStatus.Cached)
                    {
                        row.Value = 1;
                        if (finished.TryAdd(e.NodeId, true)) overall.Increment(1);
                    }
                    else if (e.Status == NodeStatus.Running)
                    {
                        row.IsIndeterminate = true;
                    }
                    if (e.Status != NodeStatus.Running) row.IsIndeterminate = false;
                }
                result = await run(Observe);
                context.Refresh();
            });
        return result;
    }

    /// <summary>The plain-text form of one event: time, node id, name, status, attempt and message.</summary>
    public static string PlainLine(NodeEvent e)
    {
        var attempt = e.Attempt > 1 ? $" (attempt {e.Attempt})" : "";
        var message = e.Message is null ? "" : $": {e.Message}";
        return $"[{DateTime.Now:HH:mm:ss}] {e.NodeId} {e.Name} {e.Status.ToString().ToLowerInvariant()}{attempt}{message}";
    }

    private static string Describe(NodeEvent e)
    {
        var color = e.Status switch
        {
            NodeStatus.Queued => "grey",
            NodeStatus.Running => "yellow",
            NodeStatus.Succeeded => "green",
            NodeStatus.Cached => "blue",
            _ => "red",
        };
        var attempt = e.Attempt > 1 ? $" #{e.Attempt}" : "";
        return $"{Markup.Escape(e.NodeId)} {Markup.Escape(e.Name)} [{color}]{e.Status.ToString().ToLowerInvariant()}{attempt}[/]";
    }
}
