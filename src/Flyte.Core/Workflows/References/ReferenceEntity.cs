using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Workflows;

/// <summary>
/// A typed reference to a task, workflow or launch plan registered elsewhere (see <see cref="ReferenceTarget"/>):
/// its .NET input and output types give the declared interface, so wiring it is checked like any task. Made by
/// <see cref="FlyteReference"/>; called with <c>b.Call(reference, …)</c> or F#'s <c>Reference.node</c>.
/// </summary>
public abstract class ReferenceEntity
{
    private protected ReferenceEntity(ReferenceTarget target, TypeEngine engine)
    {
        Target = target;
        Engine = engine;
    }

    /// <summary>The node target: id, kind, declared interface and local stub.</summary>
    public ReferenceTarget Target { get; }

    /// <summary>The engine that gave the declared types and converts the stub's values.</summary>
    public TypeEngine Engine { get; }

    /// <summary>The entity's name.</summary>
    public string Name => Target.Id.Name;

    private protected ReferenceTarget Stubbed(Func<object?[], object?> body, Type[] inputTypes, Type resultType) => Target with
    {
        Stub = new TaskSpec(Target.Id.Name, Target.Declared, async (inputs, context, ct) =>
        {
            var transformer = new TransformerContext(Engine) { CancellationToken = ct, Services = context.Services };
            var args = new object?[inputTypes.Length];
            for (var i = 0; i < args.Length; i++)
            {
                var name = Target.Declared.Inputs[i].Name;
                if (!inputs.Literals.TryGetValue(name, out var literal))
                    throw new ArgumentException($"Reference {Target.KindName} '{Target.Id}' was called without its input '{name}'.");
                args[i] = await Engine.ToValueAsync(literal, inputTypes[i], transformer).ConfigureAwait(false);
            }
            var result = await Engine.ToLiteralAsync(body(args), resultType, transformer).ConfigureAwait(false);
            return new LiteralMap(ValueMap.Of((Target.Declared.Outputs[0].Name, result)));
        }),
    };
}

/// <summary>A reference without inputs.</summary>
public sealed class ReferenceEntity<TResult> : ReferenceEntity
{
    internal ReferenceEntity(ReferenceTarget target, TypeEngine engine) : base(target, engine) { }

    /// <summary>The same reference, running <paramref name="stub"/> on this machine.</summary>
    public ReferenceEntity<TResult> WithStub(Func<TResult> stub) => new(Stubbed(a => stub(), [], typeof(TResult)), Engine);
}

/// <summary>A reference of one input.</summary>
public sealed class ReferenceEntity<T1, TResult> : ReferenceEntity
{
    internal ReferenceEntity(ReferenceTarget target, TypeEngine engine) : base(target, engine) { }

    /// <summary>The same reference, running <paramref name="stub"/> on this machine.</summary>
    public ReferenceEntity<T1, TResult> WithStub(Func<T1, TResult> stub) => new(Stubbed(a => stub((T1)a[0]!), [typeof(T1)], typeof(TResult)), Engine);
}

/// <summary>A reference of two inputs.</summary>
public sealed class ReferenceEntity<T1, T2, TResult> : ReferenceEntity
{
    internal ReferenceEntity(ReferenceTarget target, TypeEngine engine) : base(target, engine) { }

    /// <summary>The same reference, running <paramref name="stub"/> on this machine.</summary>
    public ReferenceEntity<T1, T2, TResult> WithStub(Func<T1, T2, TResult> stub) =>
        new(Stubbed(a => stub((T1)a[0]!, (T2)a[1]!), [typeof(T1), typeof(T2)], typeof(TResult)), Engine);
}

/// <summary>A reference of three inputs.</summary>
public sealed class ReferenceEntity<T1, T2, T3, TResult> : ReferenceEntity
{
    internal ReferenceEntity(ReferenceTarget target, TypeEngine engine) : base(target, engine) { }

    /// <summary>The same reference, running <paramref name="stub"/> on this machine.</summary>
    public ReferenceEntity<T1, T2, T3, TResult> WithStub(Func<T1, T2, T3, TResult> stub) =>
        new(Stubbed(a => stub((T1)a[0]!, (T2)a[1]!, (T3)a[2]!), [typeof(T1), typeof(T2), typeof(T3)], typeof(TResult)), Engine);
}

/// <summary>
/// Typed references to entities registered elsewhere (flytekit's <c>reference_task</c>, <c>reference_workflow</c>,
/// <c>reference_launch_plan</c>): give the id, the input names as the other side declares them, and the .NET types;
/// the single output is <c>o0</c> unless named. Types come from the engine given (<see cref="TypeEngine.Default"/> when none).
/// <code>
/// var pyDouble = FlyteReference.Task&lt;long, long&gt;(new("flytesnacks", "development", "tasks.double", "v1"), "x").WithStub(x =&gt; 2 * x);
/// </code>
/// </summary>
public static class FlyteReference
{
    /// <summary>A reference of kind <paramref name="kind"/> with the interface the .NET types give.</summary>
    public static ReferenceTarget Target(ReferenceKind kind, EntityId id, IReadOnlyList<(string Name, Type Type)> inputs, Type result, string output, TypeEngine engine)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(engine);
        if (inputs.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count() != inputs.Count)
            throw new WorkflowBuildException($"Reference {id} declares an input name twice: {string.Join(", ", inputs.Select(i => i.Name))}.");
        LiteralType TypeOf(string what, Type type)
        {
            try { return engine.LiteralTypeOf(type); }
            catch (TypeTransformerException e) { throw new WorkflowBuildException($"Reference {id}: {what} has no Flyte type. {e.Message}", e); }
        }
        var declared = new TypedInterface(
            new(inputs.Select(i => new Variable(i.Name, TypeOf($"input '{i.Name}'", i.Type)))),
            ValueList.Of(new Variable(output, TypeOf($"output '{output}'", result))));
        return new ReferenceTarget(kind, id, declared);
    }

    /// <summary>A reference task without inputs.</summary>
    public static ReferenceEntity<TResult> Task<TResult>(EntityId id, string output = "o0", TypeEngine? engine = null) =>
        Make<TResult>(ReferenceKind.Task, id, output, engine);

    /// <summary>A reference task of one input.</summary>
    public static ReferenceEntity<T1, TResult> Task<T1, TResult>(EntityId id, string input1, string output = "o0", TypeEngine? engine = null) =>
        Make<T1, TResult>(ReferenceKind.Task, id, input1, output, engine);

    /// <summary>A reference task of two inputs.</summary>
    public static ReferenceEntity<T1, T2, TResult> Task<T1, T2, TResult>(EntityId id, string input1, string input2, string output = "o0", TypeEngine? engine = null) =>
        Make<T1, T2, TResult>(ReferenceKind.Task, id, input1, input2, output, engine);

    /// <summary>A reference task of three inputs.</summary>
    public static ReferenceEntity<T1, T2, T3, TResult> Task<T1, T2, T3, TResult>(EntityId id, string input1, string input2, string input3, string output = "o0",
        TypeEngine? engine = null) =>
        Make<T1, T2, T3, TResult>(ReferenceKind.Task, id, input1, input2, input3, output, engine);

    /// <summary>A reference launch plan of one input.</summary>
    public static ReferenceEntity<T1, TResult> LaunchPlan<T1, TResult>(EntityId id, string input1, string output = "o0", TypeEngine? engine = null) =>
        Make<T1, TResult>(ReferenceKind.LaunchPlan, id, input1, output, engine);

    /// <summary>A reference launch plan of two inputs.</summary>
    public static ReferenceEntity<T1, T2, TResult> LaunchPlan<T1, T2, TResult>(EntityId id, string input1, string input2, string output = "o0", TypeEngine? engine = null) =>
        Make<T1, T2, TResult>(ReferenceKind.LaunchPlan, id, input1, input2, output, engine);

    /// <summary>A reference workflow of one input (locally only: like flytekit, the compiler refuses reference sub-workflows; use a reference launch plan).</summary>
    public static ReferenceEntity<T1, TResult> Workflow<T1, TResult>(EntityId id, string input1, string output = "o0", TypeEngine? engine = null) =>
        Make<T1, TResult>(ReferenceKind.Workflow, id, input1, output, engine);

    /// <summary>A reference of any kind without inputs.</summary>
    public static ReferenceEntity<TResult> Make<TResult>(ReferenceKind kind, EntityId id, string output = "o0", TypeEngine? engine = null)
    {
        var e = engine ?? TypeEngine.Default;
        return new(Target(kind, id, [], typeof(TResult), output, e), e);
    }

    /// <summary>A reference of any kind of one input.</summary>
    public static ReferenceEntity<T1, TResult> Make<T1, TResult>(ReferenceKind kind, EntityId id, string input1, string output = "o0", TypeEngine? engine = null)
    {
        var e = engine ?? TypeEngine.Default;
        return new(Target(kind, id, [(input1, typeof(T1))], typeof(TResult), output, e), e);
    }

    /// <summary>A reference of any kind of two inputs.</summary>
    public static ReferenceEntity<T1, T2, TResult> Make<T1, T2, TResult>(ReferenceKind kind, EntityId id, string input1, string input2, string output = "o0",
        TypeEngine? engine = null)
    {
        var e = engine ?? TypeEngine.Default;
        return new(Target(kind, id, [(input1, typeof(T1)), (input2, typeof(T2))], typeof(TResult), output, e), e);
    }

    /// <summary>A reference of any kind of three inputs.</summary>
    public static ReferenceEntity<T1, T2, T3, TResult> Make<T1, T2, T3, TResult>(ReferenceKind kind, EntityId id, string input1, string input2, string input3,
        string output = "o0", TypeEngine? engine = null)
    {
        var e = engine ?? TypeEngine.Default;
        return new(Target(kind, id, [(input1, typeof(T1)), (input2, typeof(T2)), (input3, typeof(T3))], typeof(TResult), output, e), e);
    }
}
