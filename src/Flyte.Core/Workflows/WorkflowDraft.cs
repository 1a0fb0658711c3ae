using System.Collections.Immutable;
using Flyte.Compatibility;
using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Workflows;

/// <summary>
/// A workflow being built: an immutable value that both builders (the C# fluent one and the F# <c>workflow { }</c>
/// computation expression) thread through, so they produce identical <see cref="WorkflowSpec"/>s. Every step returns a
/// new draft. Types are checked as nodes are added: a binding whose type cannot flow into the input is rejected with
/// the node, the input and both types named.
/// </summary>
public sealed class WorkflowDraft
{
    private WorkflowDraft(string name, TypeEngine engine, ImmutableList<Variable> inputs, ImmutableList<Node> nodes, Node? setup, Node? teardown,
        string prefix = "", ImmutableList<Node>? outer = null)
    {
        Prefix = prefix;
        Outer = outer ?? [];
        Name = name;
        Engine = engine;
        Inputs = inputs;
        Nodes = nodes;
        Setup = setup;
        Teardown = teardown;
    }

    /// <summary>An empty draft of workflow <paramref name="name"/>, whose input and constant types come from <paramref name="engine"/>.</summary>
    public static WorkflowDraft Create(string name, TypeEngine engine) =>
        string.IsNullOrWhiteSpace(name)
            ? throw new ArgumentException("A workflow needs a name.", nameof(name))
            : new(name, engine, [], [], null, null);

    /// <summary>The workflow name.</summary>
    public string Name { get; }

    /// <summary>The engine giving Flyte types to inputs and constants.</summary>
    public TypeEngine Engine { get; }

    /// <summary>The workflow inputs so far.</summary>
    public ImmutableList<Variable> Inputs { get; }

    /// <summary>The nodes so far, in creation order.</summary>
    public ImmutableList<Node> Nodes { get; }

    /// <summary>The setup node, if any.</summary>
    public Node? Setup { get; }

    /// <summary>The teardown node, if any.</summary>
    public Node? Teardown { get; }

    /// <summary>What the ids of this draft's nodes start with: empty for a workflow, <c>n1-</c> for the cases of branch <c>n1</c>.</summary>
    public string Prefix { get; }

    /// <summary>The nodes of the enclosing workflow, which the cases of a branch may bind from.</summary>
    public ImmutableList<Node> Outer { get; }

    private bool IsCases => Prefix.Length > 0;

    /// <summary>The id the next node gets.</summary>
    public string NextId => Prefix + "n" + (Nodes.Count + (Setup is null ? 0 : 1) + (Teardown is null ? 0 : 1));

    /// <summary>Declares workflow input <paramref name="name"/> of type <typeparamref name="T"/>.</summary>
    public (WorkflowDraft Draft, Promise<T> Input) AddInput<T>(string name)
    {
        if (Inputs.Any(i => i.Name == name)) throw new WorkflowBuildException($"Workflow '{Name}' declares input '{name}' twice.");
        LiteralType type;
        try { type = Engine.LiteralTypeOf<T>(); }
        catch (TypeTransformerException e) { throw new WorkflowBuildException($"Workflow '{Name}': input '{name}' has no Flyte type. {e.Message}", e); }
        var draft = new WorkflowDraft(Name, Engine, Inputs.Add(new Variable(name, type)), Nodes, Setup, Teardown, Prefix, Outer);
        return (draft, new Promise<T>(new BindingData.Reference(new Promise(Promise.StartNode, name)), type));
    }

    /// <summary>
    /// A constant, converted to a literal now. Building a workflow does not wait on storage: a value whose conversion is
    /// asynchronous (a file to upload) cannot be a constant; make it a workflow input.
    /// </summary>
    public Promise<T> Constant<T>(T value) =>
        new(new BindingData.Constant(LiteralNow(Engine, value,
            $"Workflow '{Name}': a constant of type {typeof(T).Name} converts asynchronously (it touches storage); pass it as a workflow input instead.")),
            Engine.LiteralTypeOf<T>());

    /// <summary>
    /// <paramref name="value"/> as a literal, converted at once as a built value must be: a conversion error is thrown
    /// as it is, one that would have to wait (it touches storage) is a <see cref="WorkflowBuildException"/> saying <paramref name="whenAsync"/>.
    /// </summary>
    internal static Literal LiteralNow<T>(TypeEngine engine, T value, string whenAsync)
    {
        var conversion = engine.ToLiteralAsync(value);
        if (conversion.IsCompletedSuccessfully) return conversion.Result;
        if (conversion.IsFaulted && conversion.AsTask().Exception?.InnerException is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        throw new WorkflowBuildException(whenAsync);
    }

    /// <summary>Adds a node running <paramref name="task"/> with its inputs bound, in order, to <paramref name="arguments"/>.</summary>
    public (WorkflowDraft Draft, Node Node) AddNode(TaskSpec task, IReadOnlyList<IPromise> arguments) =>
        AddNode(new NodeTarget.TaskTarget(task), arguments);

    /// <summary>Adds a node running sub-workflow <paramref name="workflow"/> with its inputs bound, in order, to <paramref name="arguments"/>.</summary>
    public (WorkflowDraft Draft, Node Node) AddNode(WorkflowSpec workflow, IReadOnlyList<IPromise> arguments) =>
        AddNode(new NodeTarget.WorkflowTarget(workflow), arguments);

    /// <summary>Adds a node running <paramref name="target"/>.</summary>
    public (WorkflowDraft Draft, Node Node) AddNode(NodeTarget target, IReadOnlyList<IPromise> arguments)
    {
        var node = MakeNode(NextId, target, arguments);
        return (WithNode(node), node);
    }

    /// <summary>This draft with <paramref name="node"/> added (a node built elsewhere, such as a branch).</summary>
    internal WorkflowDraft WithNode(Node node) => new(Name, Engine, Inputs, Nodes.Add(node), Setup, Teardown, Prefix, Outer);

    /// <summary>
    /// The draft the cases of a branch are added to: their node ids start with the branch's id (<c>n1-n0</c>,
    /// <c>n1-n1</c>… counted across its cases, as flytekit counts them), and they bind from this draft's nodes.
    /// </summary>
    public WorkflowDraft EnterBranch() =>
        new(Name, Engine, Inputs, [], null, null, NextId + "-", IsCases ? Outer : Outer.AddRange(Nodes));

    /// <summary>Sets the node that runs before all others; it may bind workflow inputs and constants only.</summary>
    public WorkflowDraft WithSetup(TaskSpec task, params IPromise[] arguments) =>
        new(Name, Engine, Inputs, Nodes, MakeNode(Setup?.Id ?? NextId, new NodeTarget.TaskTarget(task), arguments, inputsOnly: true), Teardown);

    /// <summary>Sets the node that runs after all others, also on failure; it may bind workflow inputs and constants only.</summary>
    public WorkflowDraft WithTeardown(TaskSpec task, params IPromise[] arguments) =>
        new(Name, Engine, Inputs, Nodes, Setup, MakeNode(Teardown?.Id ?? NextId, new NodeTarget.TaskTarget(task), arguments, inputsOnly: true));

    /// <summary>The promise of output <paramref name="index"/> (<c>o0</c>, <c>o1</c>…) of <paramref name="node"/>, typed as <typeparamref name="T"/>.</summary>
    public static Promise<T> Output<T>(Node node, int index = 0)
    {
        var name = TypedInterface.OutputName(index);
        var variable = node.Interface.Output(name)
            ?? throw new WorkflowBuildException($"Node {node.Id} ({node.Target.Name}) has no output '{name}'.");
        return new(new BindingData.Reference(new Promise(node.Id, name)), variable.Type);
    }

    /// <summary>The workflow, with <paramref name="outputs"/> bound to its outputs <c>o0</c>, <c>o1</c>….</summary>
    public WorkflowSpec Build(IReadOnlyList<IPromise> outputs)
    {
        var bindings = outputs.Select((p, i) => new Binding(TypedInterface.OutputName(i), p.Data)).ToList();
        foreach (var binding in bindings) CheckReferences("the workflow outputs", binding.Data);
        var variables = outputs.Select((p, i) => new Variable(TypedInterface.OutputName(i), p.Type));
        return new WorkflowSpec(Name, new TypedInterface(new(Inputs), new(variables)), new(Nodes), new(bindings))
        {
            Setup = Setup,
            Teardown = Teardown,
        };
    }

    private Node MakeNode(string id, NodeTarget target, IReadOnlyList<IPromise> arguments, bool inputsOnly = false)
    {
        var inputs = target.Interface.Inputs;
        if (arguments.Count != inputs.Count)
            throw new WorkflowBuildException(
                $"Node {id} ({target.Name}) takes {inputs.Count} input(s) ({string.Join(", ", inputs)}) but was given {arguments.Count}.");
        var bindings = new List<Binding>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (input, argument) = (inputs[i], arguments[i]);
            var compatibility = TypeCompatibility.IsAssignable(argument.Type, input.Type);
            if (!compatibility.IsCompatible)
                throw new WorkflowBuildException(
                    $"Node {id} ({target.Name}): input '{input.Name}' expects {input.Type} but is bound to {argument.Data} of type {argument.Type}: {compatibility}");
            var where = $"node {id} ({target.Name}), input '{input.Name}'";
            CheckReferences(where, argument.Data);
            if (inputsOnly && argument.Data.Promises().Any(p => p.NodeId != Promise.StartNode))
                throw new WorkflowBuildException($"Setup and teardown nodes bind workflow inputs and constants only: {where} is bound to {argument.Data}.");
            bindings.Add(new Binding(input.Name, argument.Data));
        }
        var upstream = bindings.SelectMany(b => b.Data.Promises()).Select(p => p.NodeId)
            .Where(n => n != Promise.StartNode).Distinct()
            .OrderBy(n => int.Parse(n.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture));
        return new Node(id, target, new(bindings), new(upstream));
    }

    internal void CheckReferences(string where, BindingData data)
    {
        foreach (var promise in data.Promises())
        {
            var known = promise.NodeId == Promise.StartNode
                ? Inputs.Any(i => i.Name == promise.Var)
                : (IsCases ? Outer : Outer.AddRange(Nodes)).Any(n => n.Id == promise.NodeId && n.Interface.Output(promise.Var) is not null);
            if (!known)
                throw new WorkflowBuildException($"In workflow '{Name}', {where} refers to {promise}, which is not an input or an output of an earlier node.");
        }
    }
}
