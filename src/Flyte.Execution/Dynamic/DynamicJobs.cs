using Flyte.Compile;
using Flyte.Workflows;
using Pb = Flyteidl.Core;

namespace Flyte.Execution;

/// <summary>
/// The workflow a dynamic task built, as flytekit hands it to propeller (<c>compile_into_workflow</c>): node ids under
/// the prefix <c>d</c> (<c>dn0</c>, <c>dn1</c>…), the task's inputs bound as constants, and the nodes, outputs, task
/// templates and sub-workflows <see cref="FlyteCompiler"/> gives the same workflow, in a <c>core.DynamicJobSpec</c>.
/// </summary>
public static class DynamicJobs
{
    /// <summary>The prefix of the built workflow's node ids (flytekit's compilation-state prefix for dynamic tasks).</summary>
    public const string NodePrefix = "d";

    /// <summary>
    /// <paramref name="workflow"/> ready to run without inputs: every node id (also of a branch's cases, setup and
    /// teardown) and every reference to one prefixed with <see cref="NodePrefix"/>, and every reference to a workflow
    /// input replaced by that input's value from <paramref name="inputs"/> (its attribute path walked).
    /// </summary>
    /// <exception cref="WorkflowBindingException">A reference names an input <paramref name="inputs"/> lacks, or a path its value lacks.</exception>
    public static WorkflowSpec Bind(WorkflowSpec workflow, LiteralMap inputs)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        return workflow with
        {
            Interface = workflow.Interface with { Inputs = [] },
            Nodes = new(workflow.Nodes.Select(n => BindNode(n, inputs))),
            Outputs = new(workflow.Outputs.Select(b => b with { Data = BindData(b.Data, workflow.Interface.Output(b.Var)?.Type, inputs) })),
            Setup = workflow.Setup is { } setup ? BindNode(setup, inputs) : null,
            Teardown = workflow.Teardown is { } teardown ? BindNode(teardown, inputs) : null,
        };
    }

    /// <summary>
    /// The <c>DynamicJobSpec</c> of <paramref name="workflow"/> on <paramref name="inputs"/> (see <see cref="Bind"/>):
    /// <c>min_successes</c> the number of nodes, as flytekit writes it; null when the workflow has no nodes (flytekit
    /// then writes its outputs directly, see <see cref="ConstantOutputs"/>).
    /// </summary>
    public static Pb.DynamicJobSpec? Compile(WorkflowSpec workflow, LiteralMap inputs, CompileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bound = Bind(workflow, inputs);
        if (!bound.AllNodes.Any()) return null;
        var compiled = FlyteCompiler.CompileWorkflow(bound, options);
        var spec = new Pb.DynamicJobSpec { MinSuccesses = compiled.Template.Nodes.Count };
        spec.Nodes.Add(compiled.Template.Nodes);
        spec.Outputs.Add(compiled.Template.Outputs);
        spec.Tasks.Add(compiled.Tasks.Select(t => t.Template));
        spec.Subworkflows.Add(compiled.SubWorkflows);
        return spec;
    }

    /// <summary>The outputs of a built workflow without nodes: its output bindings, all constants once bound.</summary>
    /// <exception cref="WorkflowBindingException">An output is bound to a node's output.</exception>
    public static LiteralMap ConstantOutputs(WorkflowSpec workflow, LiteralMap inputs)
    {
        var bound = Bind(workflow, inputs);
        var map = ValueMap<Literal>.Empty;
        foreach (var output in bound.Outputs) map = map.SetItem(output.Var, Constant(output.Data));
        return new LiteralMap(map);
    }

    private static Literal Constant(BindingData data) => data switch
    {
        BindingData.Constant c => c.Value,
        BindingData.Collection c => new LiteralCollection(new(c.Items.Select(Constant))),
        BindingData.Map m => new LiteralMap(m.Items.Aggregate(ValueMap<Literal>.Empty, (map, kv) => map.SetItem(kv.Key, Constant(kv.Value)))),
        _ => throw new WorkflowBindingException($"A workflow without nodes has an output bound to {data}."),
    };

    private static Node BindNode(Node node, LiteralMap inputs) => node with
    {
        Id = NodePrefix + node.Id,
        UpstreamIds = new(node.UpstreamIds.Where(id => id != Promise.StartNode).Select(id => NodePrefix + id)),
        Inputs = new(node.Inputs.Select(b => b with { Data = BindData(b.Data, node.Interface.Input(b.Var)?.Type, inputs) })),
        Target = node.Target is BranchTarget branch ? BindBranch(branch, inputs) : node.Target,
    };

    // The cases' nodes are renamed like any node; the conditions' operands keep their names, which are the branch's input names.
    private static BranchTarget BindBranch(BranchTarget branch, LiteralMap inputs)
    {
        IfBlock Case(IfBlock block) => block with { ThenNode = BindNode(block.ThenNode, inputs) };
        var block = branch.Block;
        return branch with
        {
            Block = block with
            {
                Case = Case(block.Case),
                Other = new(block.Other.Select(Case)),
                ElseNode = block.ElseNode is { } elseNode ? BindNode(elseNode, inputs) : null,
            },
        };
    }

    private static BindingData BindData(BindingData data, LiteralType? expected, LiteralMap inputs) => data switch
    {
        BindingData.Reference { Promise: { NodeId: Promise.StartNode } p } => new BindingData.Constant(
            inputs.Literals.TryGetValue(p.Var, out var literal)
                ? AttributePaths.Resolve(literal, p.AttrPath, expected ?? throw new WorkflowBindingException($"No type is known for input '{p.Var}'."))
                : throw new WorkflowBindingException($"The built workflow reads input '{p.Var}', which the dynamic task has not.")),
        BindingData.Reference r => new BindingData.Reference(r.Promise with { NodeId = NodePrefix + r.Promise.NodeId }),
        BindingData.Collection c => new BindingData.Collection(new(c.Items.Select(i =>
            BindData(i, expected?.Type is TypeKind.CollectionType l ? l.ElementType : expected, inputs)))),
        BindingData.Map m => new BindingData.Map(m.Items.Aggregate(ValueMap<BindingData>.Empty, (map, kv) =>
            map.SetItem(kv.Key, BindData(kv.Value, expected?.Type is TypeKind.MapValueType v ? v.ValueType : expected, inputs)))),
        _ => data,
    };
}
