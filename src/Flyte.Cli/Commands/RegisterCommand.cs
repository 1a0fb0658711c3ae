using System.CommandLine;
using Flyte.Config;
using Flyte.Remote;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte register &lt;file&gt; --project P --domain D [--version V]</c>: compiles every task, workflow and named launch
/// plan of a .dll or .fsx and registers them with FlyteAdmin: tasks (concurrently), then each workflow and its default
/// launch plan (the launch plans its nodes start first), then the named launch plans.
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
            Compile and register tasks, workflows, default and named launch plans with FlyteAdmin.
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
            var batch = Registration.Compile(entities.Tasks.Values, entities.Workflows.Values, entities.LaunchPlans.Values, arguments.Options(parse));
            var admin = AdminConfig.From(FlyteConfig.Load(parse.GetValue(config)));
            using var client = new FlyteAdminClient(admin);
            try
            {
                await client.RegisterAsync(batch, Report, cancellationToken).ConfigureAwait(false);
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

    private static void Report(RegisteredEntity entity) =>
        Console.WriteLine($"{entity.Id.ResourceType} {entity.Id.Project}/{entity.Id.Domain}/{entity.Id.Name}@{entity.Id.Version}: " +
                          (entity.Outcome == RegistrationOutcome.Created ? "registered" : "already registered (identical)"));
}
