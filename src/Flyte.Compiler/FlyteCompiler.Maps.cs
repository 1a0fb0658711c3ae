using Flyte.Workflows;
using Pb = Flyteidl.Core;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Compile;

public static partial class FlyteCompiler
{
    /// <summary>
    /// A map task as flytekit writes an <c>ArrayNodeMapTask</c>: an <c>array_node</c> whose sub-node has the node's id,
    /// bindings and metadata and runs the map task, a template of its own (<c>map_&lt;task&gt;_&lt;hash&gt;-arraynode</c>,
    /// <c>task_type_version</c> 1, the task's container, the list interface, <c>custom</c> the ArrayJob settings); the
    /// concurrency is the <c>parallelism</c>, and <c>min_successes</c> or <c>min_success_ratio</c> the success criteria.
    /// Propeller hands each element its own items, so the container runs the task as it is.
    /// </summary>
    private static Pb.ArrayNode ArrayNode(Pb.Node node, MapTarget map, CompileOptions options, Dictionary<string, CompiledTask> tasks)
    {
        var template = CompileTask(map.Task, options).Template.Clone();
        template.Id.Name = map.Name;
        template.Id.Version = "";
        template.Interface = Interface(map.Interface);
        template.TaskTypeVersion = 1;
        var custom = new Wkt.Struct();
        // ArrayJob's JSON form, as flytekit's get_custom writes it: int64 parallelism as a string, unset fields left out.
        if (map.Options.Concurrency is { } parallelism)
            custom.Fields["parallelism"] = Wkt.Value.ForString(parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (map.Options.MinSuccessRatio is { } ratio) custom.Fields["minSuccessRatio"] = Wkt.Value.ForNumber(ratio);
        template.Custom = custom;
        var compiled = new CompiledTask(Versioned(template, options));
        if (tasks.TryGetValue(map.Name, out var known) && !known.Equals(compiled))
            throw new WorkflowBuildException($"Two different map tasks are called '{map.Name}'; task names must be unique within a workflow.");
        tasks[map.Name] = compiled;

        var sub = new Pb.Node { Id = node.Id, Metadata = node.Metadata.Clone(), TaskNode = new Pb.TaskNode { ReferenceId = compiled.Template.Id.Clone() } };
        sub.Metadata.Retries = new Pb.RetryStrategy { Retries = (uint)map.Task.Metadata.Retries };
        sub.Inputs.Add(node.Inputs.Select(b => b.Clone()));
        var array = new Pb.ArrayNode { Node = sub };
        if (map.Options.Concurrency is { } concurrency) array.Parallelism = (uint)concurrency;
        if (map.Options.MinSuccesses is { } successes) array.MinSuccesses = (uint)successes;
        else if (map.Options.MinSuccessRatio is { } minRatio) array.MinSuccessRatio = (float)minRatio;
        return array;
    }
}
