using System.CommandLine;
using Flyte.Scripting;
using Flyte.Workflows;

namespace Flyte.Cli.Commands;

/// <summary><c>flyte graph &lt;file&gt; &lt;workflow&gt; [--format mermaid|dot]</c>: prints a workflow's graph.</summary>
public static class GraphCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A built assembly (.dll) or an F# script (.fsx)." };
        var name = new Argument<string>("workflow") { Description = "The workflow's Flyte name." };
        var format = new Option<string>("--format") { Description = "mermaid (default) or dot.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", """
            Print a workflow's graph as Mermaid or Graphviz dot.

            Example:
              flyte graph docs/examples/workflows.fsx batch_wf --format dot | dot -Tsvg > wf.svg
            """) { file, name, format };
        command.SetAction(result =>
        {
            var (_, entity) = EntityFile.Load(result.GetValue(file)!, result.GetValue(name)!);
            var workflow = entity is Entity.Workflow w ? w.Item
                : entity is Entity.LaunchPlan p ? p.Item.Workflow
                : throw new UsageException($"'{entity.Name}' is a task; graph draws workflows.");
            Console.Out.Write(result.GetValue(format) == "dot" ? WorkflowGraph.ToDot(workflow) : WorkflowGraph.ToMermaid(workflow));
            return ExitCodes.Success;
        });
        return command;
    }
}
