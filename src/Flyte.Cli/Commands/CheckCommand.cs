using System.CommandLine;
using Flyte.Config;
using Flyte.Remote;
using Flyte.Workflows;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte check &lt;file&gt; [--remote]</c>: applies propeller's compile-time castability rules to every edge of every
/// workflow (and named launch plan) of a .dll or .fsx, before anything runs. With <c>--remote</c> the interfaces of
/// reference entities are the ones FlyteAdmin registered (a Python task's, say), not the declared ones.
/// </summary>
public static class CheckCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A built assembly (.dll) or an F# script (.fsx)." };
        var remote = new Option<bool>("--remote") { Description = "Take reference entities' interfaces from the configured FlyteAdmin." };
        var config = new Option<string?>("--config", "-c") { Description = "flytectl config.yaml; default: $FLYTECTL_CONFIG or ~/.flyte/config.yaml. FLYTE_* variables override it." };
        var command = new Command("check", """
            Check that every edge of every workflow flows, by propeller's castability rules, and print each one that does not with both types.
            With --remote, reference tasks, workflows and launch plans are checked against the interfaces FlyteAdmin has for them.
            Exit codes: 0 every edge flows, 1 an edge does not (or FlyteAdmin cannot be reached), 2 bad usage.

            Example:
              flyte check docs/examples/launch_plans.fsx --remote
            """) { file, remote, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var entities = EntityFile.LoadAll(parse.GetValue(file)!);
            var workflows = entities.Workflows.Values.Concat(entities.LaunchPlans.Values.Select(p => p.Workflow))
                .DistinctBy(w => w.Name).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            WorkflowCheckResult result;
            if (parse.GetValue(remote))
            {
                var admin = AdminConfig.From(FlyteConfig.Load(parse.GetValue(config)));
                using var client = new FlyteAdminClient(admin);
                try
                {
                    result = await ReferenceInterfaces.CheckAsync(client, workflows, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e)
                {
                    await Console.Error.WriteLineAsync($"error: cannot reach FlyteAdmin at {admin.Endpoint}: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.WorkflowFailed;
                }
            }
            else
            {
                result = WorkflowCheck.Check(workflows);
            }
            foreach (var problem in result.Problems) await Console.Out.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(result.IsValid
                ? $"ok: {result.Edges} edge(s) of {workflows.Count} workflow(s) flow"
                : $"{result.Problems.Count} incompatible edge(s) of {result.Edges} in {workflows.Count} workflow(s)").ConfigureAwait(false);
            return result.IsValid ? ExitCodes.Success : ExitCodes.WorkflowFailed;
        });
        return command;
    }
}
