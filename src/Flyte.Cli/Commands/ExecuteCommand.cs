using System.CommandLine;
using Flyte.Entrypoints;
using Flyte.Scripting;
using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte execute --inputs … --output-prefix … --raw-output-data-prefix … [--checkpoint-path …] [--prev-checkpoint …] -- &lt;file&gt; &lt;task&gt;</c>:
/// the entrypoint a compiled task's container runs. Loads the task from the .dll or .fsx, runs it on <c>inputs.pb</c>
/// and writes <c>outputs.pb</c> or <c>error.pb</c>; exits 0 in both cases, as propeller expects. It never crashes:
/// exit 2 is a usage error with no output prefix to write to, exit 1 means not even <c>error.pb</c> could be written
/// (the store is unreachable), which propeller sees as a failed pod.
/// </summary>
public static class ExecuteCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var inputs = new Option<string>("--inputs") { Description = "URI of inputs.pb ({{.input}}).", Required = true };
        var outputPrefix = new Option<string>("--output-prefix") { Description = "Where outputs.pb or error.pb goes ({{.outputPrefix}}).", Required = true };
        var raw = new Option<string>("--raw-output-data-prefix") { Description = "Where offloaded data goes ({{.rawOutputDataPrefix}}).", DefaultValueFactory = _ => "" };
        var checkpoint = new Option<string?>("--checkpoint-path") { Description = "Where checkpoints go ({{.checkpointOutputPrefix}})." };
        var previous = new Option<string?>("--prev-checkpoint") { Description = "The previous attempt's checkpoints ({{.prevCheckpointPrefix}}; \"\" for none)." };
        var file = new Argument<string>("file") { Description = "The .dll or .fsx that defines the task." };
        var task = new Argument<string>("task") { Description = "The task's Flyte name." };
        var command = new Command("execute", "Run one task attempt inside a Flyte container (the entrypoint).")
        {
            inputs, outputPrefix, raw, checkpoint, previous, file, task,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new EntrypointOptions(parse.GetValue(inputs) ?? "", parse.GetValue(outputPrefix) ?? "", parse.GetValue(raw) ?? "")
            {
                CheckpointPath = parse.GetValue(checkpoint), PrevCheckpoint = parse.GetValue(previous),
            };
            try
            {
                options = options.Normalized();
            }
            catch (ArgumentException e)
            {
                // Bad arguments stay bad on a retry: non-recoverable, if there is an output prefix to say so in.
                if (EntrypointOptions.Unset(options.OutputPrefix) is null)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.BadUsage;
                }
                var written = await Fail(options, "SYSTEM:BadArguments", e.Message, recoverable: false).ConfigureAwait(false);
                return written == 0 ? 0 : ExitCodes.BadUsage;
            }
            AppDomain.CurrentDomain.UnhandledException += (_, e) => Crashed(options, e.ExceptionObject as Exception);
            try
            {
                LoadedEntities entities;
                try
                {
                    entities = EntityLoader.load(parse.GetValue(file)!);
                }
                catch (EntityLoadException e)
                {
                    return await Fail(options, "SYSTEM:EntityLoadFailed", e.Message, recoverable: false).ConfigureAwait(false);
                }
                var name = parse.GetValue(task)!;
                if (!entities.Tasks.TryGetValue(name, out var spec))
                    return await Fail(options, "SYSTEM:TaskNotFound",
                        $"'{name}' is not a task of {entities.Source} (tasks: {string.Join(", ", entities.Tasks.Keys.Order(StringComparer.Ordinal))}).",
                        recoverable: false).ConfigureAwait(false);
                var engine = entities.Engine is { } chosen ? chosen.Value : TypeEngine.Default;
                var result = await Entrypoint.ExecuteAsync(options, spec, engine, cancellationToken: cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(result.Succeeded ? $"{name}: outputs.pb written" : $"{name}: error.pb written ({result.Error!.Code})")
                    .ConfigureAwait(false);
                return 0;
            }
            catch (EntrypointWriteException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Anything the loader or the host threw: the entrypoint's own failure, worth a retry.
                return await Fail(options, "SYSTEM:" + e.GetType().Name, e.Message, recoverable: true).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>Writes a system error to error.pb under the output prefix: 0 when written, 1 when not even that could be.</summary>
    internal static async Task<int> Fail(EntrypointOptions options, string code, string message, bool recoverable)
    {
        await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
        try
        {
            await Entrypoint.FailAsync(options, Entrypoint.Error(code, message, recoverable, user: false)).ConfigureAwait(false);
            return 0;
        }
        catch (EntrypointWriteException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    // An exception on a thread the task started (nothing awaits it): the runtime is about to end the process, so say
    // why in error.pb — a USER error, the task's own thread threw — and exit 0 rather than abort.
    private static void Crashed(EntrypointOptions options, Exception? exception)
    {
        var code = 1;
        try
        {
            Console.Error.WriteLine($"Unhandled exception on a task thread: {exception}");
            Entrypoint.FailAsync(options, exception is null
                ? Entrypoint.Error(ContainerErrors.UserRuntimeError, "An unhandled exception ended the task.", recoverable: false, user: true)
                : ContainerErrors.FromUser(exception)).GetAwaiter().GetResult();
            code = 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: could not write error.pb: {e.Message}");
        }
        Environment.Exit(code);
    }
}
