using System.CommandLine;
using Flyte.Compile;
using Flyte.Config;
using Flyte.Remote;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte register &lt;file&gt; --project P --domain D [--version V]</c>: compiles every task, workflow and named launch
/// plan of a .dll or .fsx and registers them with FlyteAdmin: tasks (concurrently), then each workflow and its default
/// launch plan (the launch plans its nodes start first), then the named launch plans.
/// Re-registering identical entities is harmless; different content under an existing version is an error that says to
/// bump the version. With <c>--fast</c> the code (the .dll's folder, or the .fsx and what it loads) is first uploaded as a
/// bundle through Admin's data proxy, and the tasks run <c>flyte fast-execute</c> on it.
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
              flyte register bin/Release/net10.0/MyFlows.dll --fast      # code uploaded as a bundle, the SDK's base image
            """)
        {
            config,
        };
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var entities = arguments.Load(parse);
            var flyteConfig = FlyteConfig.Load(parse.GetValue(config));
            var admin = AdminConfig.From(flyteConfig);
            using var client = new FlyteAdminClient(admin);
            try
            {
                FastExecution? fast = null;
                string? fileInBundle = null;
                if (parse.GetValue(arguments.Fast))
                {
                    var (bundle, file) = arguments.Bundle(parse);
                    string url;
                    try
                    {
                        url = await client.UploadAsync(bundle, parse.GetValue(arguments.Project)!, parse.GetValue(arguments.Domain)!,
                            cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        await Console.Error.WriteLineAsync($"error: uploading the code bundle {bundle.FileName} failed: {e.Message}").ConfigureAwait(false);
                        return ExitCodes.WorkflowFailed;
                    }
                    Console.WriteLine($"code bundle {bundle.FileName} ({bundle.Files.Count} files): uploaded to {url}");
                    // As flytectl fills in the templates: the uploaded bundle, unpacked into the pod's working directory.
                    (fast, fileInBundle) = (new FastExecution(url, "."), file);
                }
                var batch = Registration.Compile(entities.Tasks.Values, entities.Workflows.Values, entities.LaunchPlans.Values,
                    arguments.Options(parse, flyteConfig, fast, fileInBundle));
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
