using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Scripting;
using Flyte.Tasks;
using Flyte.Types.Json;
using Flyte.Workflows;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte run &lt;file&gt; &lt;task-or-workflow&gt; [--&lt;input&gt; &lt;value&gt;]…</c>: runs a task or workflow of a
/// built assembly or an F# script and prints its outputs.
/// </summary>
public static class RunCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A built assembly (.dll) or an F# script (.fsx)." };
        var name = new Argument<string>("entity") { Description = "The Flyte name of the task or workflow to run." };
        var inputsFile = new Option<string?>("--inputs-file")
        {
            Description = "A .json file (or .yaml in a small subset: name: value lines, records as JSON) holding an object of all inputs; --<input> options override it.",
        };
        var json = new Option<bool>("--json") { Description = "Print only one JSON object mapping output names to values." };
        var localCluster = new Option<bool>("--local-cluster") { Description = "Run each task in its own process on this machine." };
        var clusterRoot = new Option<string?>("--cluster-root")
        {
            Description = "With --local-cluster: where the cluster keeps its data, a folder or an s3:// prefix (S3 settings from FLYTE_AWS_* / AWS_* variables).",
        };
        var remote = new Option<bool>("--remote") { Description = "Run on the configured FlyteAdmin." };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every task even if a cached output exists." };
        var command = new Command("run", """
            Run a task or workflow and print its outputs. Each input of the entity is an option --<name> <value>:
            strings as they are, numbers and booleans as text, records, lists and maps as JSON, or a path to a
            .json/.yaml file holding the value. Exit codes: 0 success, 1 the run failed, 2 bad usage or bad input.

            Examples:
              flyte run dataclasses_and_structures.fsx process_batch --batch '{"requests": [{"feature_a": 1, "feature_b": 2}], "batch_id": "b1"}'
              flyte run bin/Release/net10.0/MyFlows.dll batch_wf --inputs-file inputs.json --json
            """)
        {
            file, name, inputsFile, json, localCluster, clusterRoot, remote, noCache,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.Validators.Add(r =>
        {
            if (r.GetValue(localCluster) && r.GetValue(remote)) r.AddError("Choose one of --local-cluster and --remote.");
            if (r.GetValue(clusterRoot) is not null && !r.GetValue(localCluster)) r.AddError("--cluster-root needs --local-cluster.");
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            var stdout = Console.Out;
            // With --json, standard output holds the JSON object only: whatever the script or tasks print goes to stderr.
            if (asJson) Console.SetOut(Console.Error);
            try
            {
                var where = result.GetValue(localCluster) ? Interpreters.LocalCluster : result.GetValue(remote) ? Interpreters.Remote : Interpreters.Local;
                var (loaded, entity) = EntityFile.Load(result.GetValue(file)!, result.GetValue(name)!);
                var plan = (entity as Entity.LaunchPlan)?.Item;
                var inputs = Inputs.Parse(entity.Interface, [.. result.UnmatchedTokens], result.GetValue(inputsFile),
                    plan?.DefaultInputs.Keys.ToHashSet(StringComparer.Ordinal));
                var workflow = entity switch
                {
                    Entity.Workflow w => w.Item,
                    Entity.LaunchPlan p => p.Item.Workflow,
                    _ => SingleTask(((Entity.Task)entity).Item),
                };
                var live = !asJson && !Console.IsOutputRedirected;
                var outcome = await NodeProgress.WithViewAsync(live, async observer =>
                {
                    var options = InterpreterOptions.Default with
                    {
                        Observer = observer, Cache = result.GetValue(noCache) ? CacheMode.NoCache : CacheMode.ReadWrite,
                    };
                    if (loaded.Engine is { } engine) options = options with { Engine = engine.Value };
                    var interpreter = Interpreters.Resolve(where, options, result.GetValue(file)!, result.GetValue(clusterRoot));
                    try
                    {
                        return (Result: (WorkflowResult?)await RunAsync(interpreter, plan, workflow, inputs, cancellationToken), Error: (Exception?)null);
                    }
                    catch (Exception e) when (e is WorkflowNodeFailedException or FlyteSystemException or WorkflowBindingException
                                                  or Flyte.Remote.RemoteExecutionTerminatedException or Flyte.Remote.FlyteAdminException
                                                  or Flyte.Remote.ReferenceMismatchException)
                    {
                        return (Result: (WorkflowResult?)null, Error: (Exception?)e);
                    }
                });
                if (outcome.Error is Flyte.Remote.RemoteExecutionTerminatedException terminated)
                {
                    Console.Error.WriteLine(terminated.Message);
                    return ExitCodes.Interrupted;
                }
                if (outcome.Error is { } error)
                {
                    Console.Error.WriteLine($"error: {entity.Kind} '{entity.Name}' failed: {error.Message}");
                    return ExitCodes.WorkflowFailed;
                }
                var outputs = new JsonObject();
                foreach (var variable in workflow.Interface.Outputs)
                    outputs[variable.Name] = outcome.Result!.Outputs.Literals.TryGetValue(variable.Name, out var literal)
                        ? LiteralJson.ToJson(literal, variable.Type)
                        : null;
                if (asJson)
                    stdout.WriteLine(outputs.ToJsonString());
                else
                    foreach (var (output, value) in outputs)
                        stdout.WriteLine($"{output} = {value?.ToJsonString(Pretty) ?? "null"}");
                return ExitCodes.Success;
            }
            finally
            {
                Console.SetOut(stdout);
            }
        });
        return command;
    }

    private static readonly JsonSerializerOptions Pretty = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Runs <paramref name="workflow"/>, or launch plan <paramref name="plan"/> when given: remotely the execution is
    /// created from the launch plan; elsewhere its workflow runs with its fixed and default inputs added.
    /// </summary>
    private static Task<WorkflowResult> RunAsync(IWorkflowInterpreter interpreter, LaunchPlanSpec? plan, WorkflowSpec workflow, LiteralMap inputs,
        CancellationToken cancellationToken) => plan switch
    {
        null => interpreter.RunAsync(workflow, inputs, cancellationToken),
        _ when interpreter is Flyte.Remote.RemoteInterpreter remote => remote.RunLaunchPlanAsync(plan, inputs, cancellationToken),
        _ => interpreter.RunAsync(plan.Workflow, plan.InputsFor(inputs), cancellationToken),
    };

    /// <summary>A one-node workflow running <paramref name="task"/>: same inputs, same outputs, same name.</summary>
    public static WorkflowSpec SingleTask(TaskSpec task)
    {
        const string node = "n0";
        var inputs = task.Interface.Inputs.Select(v => new Binding(v.Name, new BindingData.Reference(new Promise(Promise.StartNode, v.Name))));
        var outputs = task.Interface.Outputs.Select(v => new Binding(v.Name, new BindingData.Reference(new Promise(node, v.Name))));
        return new WorkflowSpec(task.Name, task.Interface,
            ValueList.Of(new Node(node, new NodeTarget.TaskTarget(task), new(inputs), ValueList<string>.Empty)), new(outputs));
    }
}
