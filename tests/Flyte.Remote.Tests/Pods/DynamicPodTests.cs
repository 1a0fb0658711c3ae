using System.Text.Json.Nodes;
using Flyte.Compile;
using Flyte.Entrypoints;
using Flyte.Execution;
using Flyte.LocalCluster;
using Flyte.Proto;
using Flyte.Tests.Support;
using Flyte.Workflows;
using Google.Protobuf;
using Xunit;
using static Flyte.Tests.Workflows.DynamicSamples;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Pods;

/// <summary>
/// A dynamic task in a pod writes <c>futures.pb</c> as flytekit does, and the local cluster runs it as propeller does:
/// the spec's nodes as pods of their own under the dynamic node's output folder, a dynamic task inside it likewise.
/// </summary>
public sealed class DynamicPodTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-dynamic-pods-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LiteralMap Inputs(params (string Name, long Value)[] values) =>
        new(values.Aggregate(ValueMap<Literal>.Empty, (map, v) => map.SetItem(v.Name, new Literal(new Primitive.Integer(v.Value)))));

    [Fact]
    public async Task Flyte_execute_of_a_dynamic_task_leaves_a_futures_pb_the_npm_classes_read_as_flytekits_DynamicJobSpec()
    {
        var inputs = Path.Combine(_dir, "inputs.pb");
        await File.WriteAllBytesAsync(inputs, Inputs(("n", 2)).ToBytes());
        var prefix = Path.Combine(_dir, "out");
        var environment = new Dictionary<string, string> { ["FLYTE_INTERNAL_TASK_VERSION"] = "v7", ["FLYTE_INTERNAL_IMAGE"] = "registry/flyte:v7" };

        var run = await PodProcess.ExecuteAsync(PodProcess.Arguments(inputs, prefix, "", PodProcess.SamplesAssembly, Twice.Name), environment);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("futures.pb written (2 nodes)", run.Stdout);
        Assert.False(File.Exists(Path.Combine(prefix, Entrypoint.OutputsFile)));
        var bytes = await File.ReadAllBytesAsync(Path.Combine(prefix, Entrypoint.FuturesFile));
        var spec = FlyteidlJs.Decode(("flyteidl.core.DynamicJobSpec", Pb.DynamicJobSpec.Parser.ParseFrom(bytes)))[0]!;

        // flytekit: node ids under the prefix "d", every node a task node, min_successes the node count, outputs bound to the last node.
        var nodes = spec["nodes"]!.AsArray();
        Assert.Equal(["dn0", "dn1"], nodes.Select(n => n!["id"]!.GetValue<string>()));
        Assert.All(nodes, n => Assert.Equal(("repeat", "v7"),
            (n!["taskNode"]!["referenceId"]!["name"]!.GetValue<string>(), n["taskNode"]!["referenceId"]!["version"]!.GetValue<string>())));
        Assert.Equal("2", spec["minSuccesses"]!.ToString());
        Assert.Equal(["dn0"], nodes[1]!["upstreamNodeIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        var dn1Inputs = nodes[1]!["inputs"]!.AsArray();
        Assert.Equal("dn0", dn1Inputs.Single(b => b!["var"]!.GetValue<string>() == "x")!["binding"]!["promise"]!["nodeId"]!.GetValue<string>());
        // The task's input n is bound as a constant, as flytekit compiles the workflow on the task's values.
        Assert.Equal("2", dn1Inputs.Single(b => b!["var"]!.GetValue<string>() == "n")!["binding"]!["scalar"]!["primitive"]!["integer"]!.ToString());
        var output = Assert.Single(spec["outputs"]!.AsArray())!;
        Assert.Equal(("o0", "dn1", "o0"), (output["var"]!.GetValue<string>(),
            output["binding"]!["promise"]!["nodeId"]!.GetValue<string>(), output["binding"]!["promise"]!["var"]!.GetValue<string>()));
        var task = Assert.Single(spec["tasks"]!.AsArray())!;
        Assert.Equal("registry/flyte:v7", task["container"]!["image"]!.GetValue<string>());
        Assert.Equal([PodProcess.SamplesAssembly, "repeat"], task["container"]!["args"]!.AsArray().TakeLast(2).Select(a => a!.GetValue<string>()));

        // The nodes are those FlyteCompiler gives the same workflow, bound.
        var options = CompileOptions.Default with { Version = "v7", Image = "registry/flyte:v7", TaskFile = _ => PodProcess.SamplesAssembly };
        var built = FlyteWorkflow.Define("twice_wf", Engine)
            .Then(b => b.Call(Repeat, b.Constant(2L), b.Call(Repeat, b.Constant(2L), b.Constant(0L)))).Build();
        Assert.Equal(FlyteCompiler.CompileWorkflow(DynamicJobs.Bind(built, LiteralMap.Empty), options).Template.Nodes,
            Pb.DynamicJobSpec.Parser.ParseFrom(bytes).Nodes);
    }

    [Fact]
    public async Task The_local_cluster_runs_a_dynamic_task_nested_in_a_dynamic_task_one_sandboxed_process_per_node_in_propellers_layout()
    {
        var root = Path.Combine(_dir, "cluster");
        var cluster = new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine, Cache = CacheMode.NoCache, MaxDegreeOfParallelism = 2 },
            new LocalClusterOptions
            {
                MetadataRoot = root, Launcher = new ProcessTaskLauncher(PodProcess.FlyteDll, t => new TaskSource(PodProcess.SamplesAssembly, t.Name)),
            });

        var result = await cluster.RunAsync(TwiceWf, Inputs(("n", 2)));

        Assert.Equal(5L, await result.OutputsAsync<long>(Engine));
        Assert.Equal(["n0/dn0", "n0/dn1"], result.Node("n0").SubNodes.Select(n => n.NodeId));
        Assert.Equal(["n0/dn0/dn0", "n0/dn0/dn1"], result.Node("n0").SubNodes[0].SubNodes.Select(n => n.NodeId));
        // The dynamic node's attempt folder holds futures.pb and, once its nodes ran, the outputs resolved from their bindings.
        var twice = Path.Combine(cluster.LastExecutionRoot!, "n0", "data", "0");
        Assert.True(File.Exists(Path.Combine(twice, Entrypoint.FuturesFile)));
        Assert.Equal(4L, await Engine.ToValueAsync<long>(ProtoSerializer.LiteralMapFromBytes(
            await File.ReadAllBytesAsync(Path.Combine(twice, Entrypoint.OutputsFile))).Literals["o0"]));
        // Its nodes' data sits under it (<output dir>/<node id>/inputs.pb, /<attempt>/…), a nested dynamic node's likewise.
        Assert.True(File.Exists(Path.Combine(twice, "dn1", "inputs.pb")));
        Assert.True(File.Exists(Path.Combine(twice, "dn0", "0", Entrypoint.FuturesFile)));
        Assert.True(File.Exists(Path.Combine(twice, "dn0", "0", "dn1", "0", Entrypoint.OutputsFile)));
        Assert.False(Directory.Exists(Path.Combine(twice, Promise.StartNode)));
    }
}
