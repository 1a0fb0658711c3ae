using System.Reflection;
using Flyte.Compatibility;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Tasks;

public abstract partial class FlyteTask
{
    /// <summary>
    /// Defines dynamic task <paramref name="name"/> (flytekit's <c>@dynamic</c>): at run time <paramref name="body"/> gets
    /// the task's inputs as .NET values and builds a workflow (with <see cref="FlyteWorkflow"/>, its values as constants
    /// or its inputs named like the task's); the interpreter runs that workflow, and its outputs <c>o0</c>… become the
    /// task's, typed <typeparamref name="TResult"/>.
    /// </summary>
    public static FlyteTask<T1, TResult> Dynamic<T1, TResult>(string name, Func<T1, WorkflowSpec> body, TypeEngine? engine = null) =>
        FlyteTask<T1, TResult>.CreateDynamic(name, Params(body), (a, _) => Task.FromResult(body((T1)a[0]!)), engine);

    /// <summary>Defines a dynamic task of two inputs (see <see cref="Dynamic{T1, TResult}"/>).</summary>
    public static FlyteTask<T1, T2, TResult> Dynamic<T1, T2, TResult>(string name, Func<T1, T2, WorkflowSpec> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, TResult>.CreateDynamic(name, Params(body), (a, _) => Task.FromResult(body((T1)a[0]!, (T2)a[1]!)), engine);

    /// <summary>Defines a dynamic task of three inputs (see <see cref="Dynamic{T1, TResult}"/>).</summary>
    public static FlyteTask<T1, T2, T3, TResult> Dynamic<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, WorkflowSpec> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, TResult>.CreateDynamic(name, Params(body), (a, _) => Task.FromResult(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!)), engine);

    /// <summary>The spec of a dynamic task: its body builds the workflow, the context's <see cref="TaskExecutionContext.RunDynamic"/> runs it.</summary>
    internal static (TaskSpec, TaskShape) BuildDynamic(string name, IEnumerable<ParameterInfo> parameters, Type resultType,
        Func<object?[], CancellationToken, Task<WorkflowSpec>> build, TypeEngine? engine)
    {
        var typeEngine = engine ?? TypeEngine.Default;
        var shape = TaskShape.Of(parameters, resultType, typeEngine);
        var @interface = shape.Interface(name, typeEngine);
        var spec = new TaskSpec(name, @interface, async (inputs, context, cancellationToken) =>
        {
            var args = await shape.FromInputsAsync(name, inputs, typeEngine, cancellationToken, context.Services).ConfigureAwait(false);
            var workflow = await build(args, cancellationToken).ConfigureAwait(false);
            var workflowInputs = DynamicWorkflows.Inputs(name, workflow, inputs);
            if (context.DeferDynamic)
            {
                DynamicWorkflows.CheckOutputs(name, @interface, workflow);
                context.DynamicJob = new DynamicJob(workflow, workflowInputs);
                return LiteralMap.Empty;
            }
            var run = context.RunDynamic
                ?? throw new FlyteSystemException($"Dynamic task '{name}' ({context.ExecutionId}) built workflow '{workflow.Name}', but nothing here runs it: "
                    + "dynamic tasks run as workflow nodes of an interpreter, or in a container through flyte execute (which writes futures.pb).");
            var outputs = await run(workflow, workflowInputs, cancellationToken).ConfigureAwait(false);
            return DynamicWorkflows.Outputs(name, @interface, workflow, outputs);
        });
        return (spec, shape);
    }
}

/// <summary>How a dynamic task's inputs and outputs line up with the workflow it built.</summary>
public static class DynamicWorkflows
{
    /// <summary>The built workflow's inputs: the task's inputs of the same names.</summary>
    public static LiteralMap Inputs(string task, WorkflowSpec workflow, LiteralMap taskInputs)
    {
        var map = ValueMap<Literal>.Empty;
        foreach (var input in workflow.Interface.Inputs)
            map = map.SetItem(input.Name, taskInputs.Literals.TryGetValue(input.Name, out var literal)
                ? literal
                : throw new FlyteSystemException($"Dynamic task '{task}' built workflow '{workflow.Name}' with input '{input.Name}', which the task has not; expected one of: {string.Join(", ", taskInputs.Literals.Keys)}."));
        return new LiteralMap(map);
    }

    /// <summary>The task's outputs from the built workflow's, checked to be there with an assignable type.</summary>
    public static LiteralMap Outputs(string task, TypedInterface @interface, WorkflowSpec workflow, LiteralMap workflowOutputs)
    {
        CheckOutputs(task, @interface, workflow);
        var map = ValueMap<Literal>.Empty;
        foreach (var output in @interface.Outputs)
        {
            if (!workflowOutputs.Literals.TryGetValue(output.Name, out var literal))
                throw new FlyteSystemException($"Dynamic task '{task}' built workflow '{workflow.Name}' without output '{output.Name}' ({output.Type}).");
            map = map.SetItem(output.Name, literal);
        }
        return new LiteralMap(map);
    }

    /// <summary>Checks that the built workflow has every output of the task, each of an assignable type.</summary>
    public static void CheckOutputs(string task, TypedInterface @interface, WorkflowSpec workflow)
    {
        ArgumentNullException.ThrowIfNull(@interface);
        ArgumentNullException.ThrowIfNull(workflow);
        foreach (var output in @interface.Outputs)
        {
            var built = workflow.Interface.Output(output.Name)
                ?? throw new FlyteSystemException($"Dynamic task '{task}' built workflow '{workflow.Name}' without output '{output.Name}' ({output.Type}).");
            if (!TypeCompatibility.IsAssignable(built.Type, output.Type).IsCompatible)
                throw new FlyteSystemException($"Dynamic task '{task}': output '{output.Name}' of built workflow '{workflow.Name}' is {built.Type}, expected {output.Type}.");
        }
    }
}
