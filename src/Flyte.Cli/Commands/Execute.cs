using System.CommandLine;
using Flyte.Entrypoints;
using Flyte.Scripting;
using Flyte.Types;
using Pb = Flyteidl.Core;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte execute --inputs … --output-prefix … --raw-output-data-prefix … [--checkpoint-path …] [--prev-checkpoint …] -- &lt;file&gt; &lt;task&gt;</c>:
/// the entrypoint a compiled task's container runs. Loads the task from the .dll or .fsx, runs it on <c>inputs.pb</c>
/// and writes <c>outputs.pb</c> or <c>error.pb</c>; exits 0 in both cases, as propeller expects.
/// </summary>
public static class Execute
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
            var options = new EntrypointOptions(parse.GetValue(inputs)!, parse.GetValue(outputPrefix)!, parse.GetValue(raw) ?? "")
            {
                CheckpointPath = parse.GetValue(checkpoint), PrevCheckpoint = parse.GetValue(previous),
            };
            LoadedEntities entities;
            try
            {
                entities = EntityLoader.load(parse.GetValue(file)!);
            }
            catch (EntityLoadException e)
            {
                return await Fail(options, "SYSTEM:EntityLoadFailed", e.Message).ConfigureAwait(false);
            }
            var name = parse.GetValue(task)!;
            if (!entities.Tasks.TryGetValue(name, out var spec))
                return await Fail(options, "SYSTEM:TaskNotFound",
                    $"'{name}' is not a task of {entities.Source} (tasks: {string.Join(", ", entities.Tasks.Keys.Order(StringComparer.Ordinal))}).").ConfigureAwait(false);
            var engine = entities.Engine is { } chosen ? chosen.Value : TypeEngine.Default;
            var result = await Entrypoint.ExecuteAsync(options, spec, engine, cancellationToken: cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(result.Succeeded ? $"{name}: outputs.pb written" : $"{name}: error.pb written ({result.Error!.Code})")
                .ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    // A task that cannot be found will not be found on a retry either: non-recoverable, from the system side.
    private static async Task<int> Fail(EntrypointOptions options, string code, string message)
    {
        await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
        await Entrypoint.FailAsync(options, new Pb.ContainerError
        {
            Code = code, Message = message, Kind = Pb.ContainerError.Types.Kind.NonRecoverable, Origin = Pb.ExecutionError.Types.ErrorKind.System,
        }).ConfigureAwait(false);
        return 0;
    }
}
