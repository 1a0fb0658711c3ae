using System.CommandLine;
using Flyte.Compile;
using Flyte.Execution;
using Flyte.Remote;
using Flyteidl.Admin;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte register &lt;file&gt; --project P --domain D [--version V]</c>: compiles every task and workflow of a .dll or
/// .fsx and registers them with FlyteAdmin: tasks (concurrently), then each workflow and its default launch plan.
/// Re-registering identical entities is harmless; different content under an existing version is an error that says to
/// bump the version.
/// </summary>
public static class RegisterCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var arguments = new CompileArguments();
        var config = new Option<string?>("--config", "-c") { Description = "flytectl config.yaml; default: $FLYTECTL_CONFIG or ~/.flyte/config.yaml. FLYTE_* variables override it." };
        var command = new Command("register", """
            Compile and register tasks, workflows and default launch plans with FlyteAdmin.
            Exit codes: 0 registered (or already registered identically), 1 FlyteAdmin refused, 2 bad usage.

            Example:
              flyte register bin/Release/net10.0/MyFlows.dll --project flytesnacks --domain development --version v1 --image localhost:30000/myflows:v1
            """)
        {
            config,
        };
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var entities = arguments.Load(parse);
            var options = arguments.Options(parse);
            var admin = AdminConfigFrom(parse.GetValue(config));
            using var client = new FlyteAdminClient(admin);
            try
            {
                var tasks = entities.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal)
                    .Select(t => FlyteCompiler.CompileTask(t, options))
                    .Select(t => new TaskCreateRequest { Id = t.Template.Id.Clone(), Spec = t.Spec });
                var workflows = entities.Workflows.Values.OrderBy(w => w.Name, StringComparer.Ordinal)
                    .Select(w => RemoteCompilers.Registration(FlyteCompiler.CompileWorkflow(w, options))).ToList();
                // Every task first (those of the workflows included), concurrently; then workflows and launch plans in order.
                var allTasks = tasks.Concat(workflows.SelectMany(w => w.Tasks))
                    .GroupBy(t => t.Id.ToString()).Select(g => g.First()).ToList();
                var outcomes = await Task.WhenAll(allTasks.Select(t => client.CreateTaskAsync(t, cancellationToken))).ConfigureAwait(false);
                for (var i = 0; i < allTasks.Count; i++)
                    Report(allTasks[i].Id, outcomes[i]);
                foreach (var registration in workflows)
                {
                    foreach (var workflow in registration.Workflows)
                        Report(workflow.Id, await client.CreateWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false));
                    Report(registration.LaunchPlan.Id, await client.CreateLaunchPlanAsync(registration.LaunchPlan, cancellationToken).ConfigureAwait(false));
                }
                return ExitCodes.Success;
            }
            catch (FlyteAdminException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return ExitCodes.WorkflowFailed;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"error: cannot reach FlyteAdmin at {admin.Endpoint}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.WorkflowFailed;
            }
        });
        return command;
    }

    /// <summary>
    /// The interpreter behind <c>flyte run --remote</c>: FlyteAdmin from flytectl's config and <c>FLYTE_*</c> variables,
    /// project and domain from <c>FLYTE_PROJECT</c>/<c>FLYTE_DOMAIN</c> (default flytesnacks/development), the tasks'
    /// image from <c>FLYTE_IMAGE</c>.
    /// </summary>
    public static IWorkflowInterpreter RemoteInterpreter(InterpreterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var compile = CompileOptions.Default with { Image = Env("FLYTE_IMAGE") ?? CompileOptions.Default.Image };
        var client = new FlyteAdminClient(AdminConfigFrom(null));
        return new Remote.RemoteInterpreter(client, new RemoteOptions
        {
            Project = Env("FLYTE_PROJECT") ?? compile.Project,
            Domain = Env("FLYTE_DOMAIN") ?? compile.Domain,
            Engine = options.Engine,
            Compiler = RemoteCompilers.FlyteCompiler(compile),
        });
    }

    private static AdminConfig AdminConfigFrom(string? configPath) =>
        configPath is null
            ? AdminConfig.FromEnvironment()
            : AdminConfig.FromEnvironment(Environment.GetEnvironmentVariable, configPath);

    private static void Report(Flyteidl.Core.Identifier id, RegistrationOutcome outcome) =>
        Console.WriteLine($"{id.ResourceType} {id.Project}/{id.Domain}/{id.Name}@{id.Version}: " +
                          (outcome == RegistrationOutcome.Created ? "registered" : "already registered (identical)"));
}
