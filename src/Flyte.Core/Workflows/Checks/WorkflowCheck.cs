using Flyte.Compatibility;
using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>One edge whose value cannot flow into where it is bound, by propeller's compile-time castability rules.</summary>
/// <param name="Workflow">The workflow holding the edge.</param>
/// <param name="Node">The node bound (or <c>end-node</c> for the workflow's outputs).</param>
/// <param name="Target">What the node runs.</param>
/// <param name="Input">The input (or output) bound.</param>
/// <param name="Source">Where the value comes from (<c>n0.o0</c>, <c>start-node.x</c>, a constant).</param>
/// <param name="From">The value's type; null when it has none to compare (a constant).</param>
/// <param name="To">The type expected.</param>
/// <param name="Reason">Why it does not flow.</param>
public sealed record EdgeProblem(string Workflow, string Node, string Target, string Input, string Source, LiteralType? From, LiteralType? To, string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"workflow '{Workflow}', node {Node} ({Target}), input '{Input}': {Source}" +
        (From is null ? "" : $" is {From}") + (To is null ? "" : $", expected {To}") + $": {Reason}";
}

/// <summary>What checking a workflow found: how many edges it looked at and the ones that do not flow.</summary>
/// <param name="Edges">The edges checked (bindings of node inputs and workflow outputs, in every workflow reached).</param>
/// <param name="Problems">The incompatible edges.</param>
public sealed record WorkflowCheckResult(int Edges, IReadOnlyList<EdgeProblem> Problems)
{
    /// <summary>No problem found.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks every edge of a workflow — and of the sub-workflows, branch cases and launch plans it reaches — with
/// propeller's compile-time rules (<see cref="TypeCompatibility.IsAssignable"/> for promises,
/// <see cref="TypeCompatibility.IsInstance(Literal, LiteralType)"/> for constants). A reference entity's interface is
/// the registered one when <c>registered</c> knows it (from FlyteAdmin), else the declared one, so a Python task whose
/// registered types differ from what this code declares shows up as a bad edge before anything runs.
/// </summary>
public static class WorkflowCheck
{
    /// <summary>The end node's id: where the workflow's outputs are bound.</summary>
    public const string EndNode = "end-node";

    /// <summary>Checks <paramref name="workflow"/>; <paramref name="registered"/> gives a reference's registered interface, or null for its declared one.</summary>
    public static WorkflowCheckResult Check(WorkflowSpec workflow, Func<ReferenceTarget, TypedInterface?>? registered = null) =>
        Check([workflow ?? throw new ArgumentNullException(nameof(workflow))], registered);

    /// <summary>Checks <paramref name="workflows"/>, each workflow they reach once (a shared sub-workflow or launch plan is not counted twice).</summary>
    public static WorkflowCheckResult Check(IEnumerable<WorkflowSpec> workflows, Func<ReferenceTarget, TypedInterface?>? registered = null)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var walk = new Walk(registered ?? (_ => null));
        foreach (var workflow in workflows) walk.Workflow(workflow);
        return new WorkflowCheckResult(walk.Edges, walk.Problems);
    }

    private sealed class Walk(Func<ReferenceTarget, TypedInterface?> registered)
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        public List<EdgeProblem> Problems { get; } = [];
        public int Edges { get; private set; }

        public void Workflow(WorkflowSpec workflow)
        {
            if (!seen.Add(workflow.Name)) return;
            var outputs = new Dictionary<string, TypedInterface>(StringComparer.Ordinal)
            {
                [Promise.StartNode] = new(ValueList<Variable>.Empty, workflow.Interface.Inputs),
            };
            var nodes = new List<Node>();
            void Collect(Node node)
            {
                nodes.Add(node);
                outputs[node.Id] = InterfaceOf(node.Target);
                if (node.Target is BranchTarget branch)
                    foreach (var inner in branch.Block.Nodes) Collect(inner);
            }
            foreach (var node in workflow.AllNodes) Collect(node);
            foreach (var node in nodes) Node(workflow, node, outputs);
            foreach (var output in workflow.Outputs)
                Edge(workflow.Name, EndNode, workflow.Name, output.Var, output.Data, workflow.Interface.Output(output.Var)?.Type, outputs);
        }

        private TypedInterface InterfaceOf(NodeTarget target) =>
            target is ReferenceTarget reference && registered(reference) is { } known ? known : target.Interface;

        private void Node(WorkflowSpec workflow, Node node, Dictionary<string, TypedInterface> outputs)
        {
            var @interface = InterfaceOf(node.Target);
            foreach (var binding in node.Inputs)
            {
                var input = @interface.Input(binding.Var);
                if (input is null)
                {
                    Edges++;
                    Problems.Add(new EdgeProblem(workflow.Name, node.Id, node.Target.Name, binding.Var, binding.Data.ToString()!, null, null,
                        $"{Describe(node.Target)} has no input '{binding.Var}' (inputs: {string.Join(", ", @interface.Inputs)})"));
                    continue;
                }
                Edge(workflow.Name, node.Id, node.Target.Name, binding.Var, binding.Data, input.Type, outputs);
            }
            if (node.Target is ReferenceTarget { Kind: ReferenceKind.Task } task)
                foreach (var input in @interface.Inputs.Where(v => node.Inputs.All(b => b.Var != v.Name)))
                    Problems.Add(new EdgeProblem(workflow.Name, node.Id, node.Target.Name, input.Name, "nothing", null, input.Type,
                        $"{Describe(task)} requires input '{input.Name}', which this code does not declare"));
            switch (node.Target)
            {
                case NodeTarget.WorkflowTarget { Workflow: var sub }: Workflow(sub); break;
                case LaunchPlanTarget { LaunchPlan.Workflow: var launched }: Workflow(launched); break;
            }
        }

        private static string Describe(NodeTarget target) =>
            target is ReferenceTarget r ? $"registered {r.KindName} {r.Id}" : target.Name;

        private void Edge(string workflow, string node, string target, string input, BindingData data, LiteralType? to, Dictionary<string, TypedInterface> outputs)
        {
            Edges++;
            void Problem(string source, LiteralType? from, string reason) =>
                Problems.Add(new EdgeProblem(workflow, node, target, input, source, from, to, reason));
            if (to is null)
            {
                Problem(data.ToString()!, null, "no such variable");
                return;
            }
            Flow(data, to, Problem, outputs);
        }

        private static void Flow(BindingData data, LiteralType to, Action<string, LiteralType?, string> problem, Dictionary<string, TypedInterface> outputs)
        {
            switch (data)
            {
                case BindingData.Reference { Promise: var promise }:
                    if (TypeOf(promise, outputs, out var error) is not { } from)
                    {
                        if (error is not null) problem(promise.ToString(), null, error);
                        return;
                    }
                    var castable = TypeCompatibility.IsAssignable(from, to);
                    if (!castable.IsCompatible) problem(promise.ToString(), from, castable.ToString());
                    return;
                case BindingData.Constant { Value: var literal }:
                    var instance = TypeCompatibility.IsInstance(literal, to);
                    if (!instance.IsCompatible) problem("a constant", null, instance.ToString());
                    return;
                case BindingData.Collection collection when to.Type is TypeKind.CollectionType list:
                    foreach (var item in collection.Items) Flow(item, list.ElementType, problem, outputs);
                    return;
                case BindingData.Map map when to.Type is TypeKind.MapValueType values:
                    foreach (var (_, item) in map.Items) Flow(item, values.ValueType, problem, outputs);
                    return;
                default:
                    problem(data.ToString()!, null, $"a {data.GetType().Name.ToLowerInvariant()} of bindings cannot flow into {to}");
                    return;
            }
        }

        // The type of a promise: the output's type, walked along its attribute path; null with no error when the path
        // goes where no type is declared (a struct without dataclass_type), which is resolved only at run time.
        private static LiteralType? TypeOf(Promise promise, Dictionary<string, TypedInterface> outputs, out string? error)
        {
            error = null;
            if (!outputs.TryGetValue(promise.NodeId, out var @interface) || @interface.Output(promise.Var) is not { } variable)
            {
                error = $"no output '{promise.Var}' of node {promise.NodeId}";
                return null;
            }
            var type = variable.Type;
            foreach (var attribute in promise.AttrPath)
            {
                LiteralType? next = attribute switch
                {
                    PromiseAttribute.Key key when type.Structure is { } s && s.DataclassType.TryGetValue(key.Name, out var field) => field,
                    PromiseAttribute.Key when type.Type is TypeKind.MapValueType map => map.ValueType,
                    PromiseAttribute.Index when type.Type is TypeKind.CollectionType list => list.ElementType,
                    _ => null,
                };
                if (next is null) return null;
                type = next;
            }
            return type;
        }
    }
}
