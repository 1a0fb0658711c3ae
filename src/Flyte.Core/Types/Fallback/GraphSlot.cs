using System.Collections.Concurrent;

namespace Flyte.Types.Fallback;

/// <summary>
/// What reading a value from a slot (a field, an element, the root) declared as one type needs, worked out once per type
/// and cached, so reading an object asks the type nothing by reflection.
/// </summary>
internal sealed class GraphSlot
{
    private static readonly ConcurrentDictionary<Type, GraphSlot> Cache = new();

    private readonly Type? _inline;
    private GraphPlan? _inlinePlan, _plan;

    private GraphSlot(Type type)
    {
        Type = type;
        var underlying = type.IsValueType ? Nullable.GetUnderlyingType(type) : null;
        Kind = !type.IsValueType ? (type == typeof(string) || type == typeof(byte[]) ? SlotKind.Text : SlotKind.Reference)
            : underlying is null ? SlotKind.Inline : SlotKind.Nullable;
        _inline = type.IsValueType ? underlying ?? type : null;
    }

    /// <summary>The slot of <paramref name="type"/>.</summary>
    public static GraphSlot For(Type type) => Cache.GetOrAdd(type, t => new GraphSlot(t));

    /// <summary>The declared type.</summary>
    public Type Type { get; }

    /// <summary>How a value sits in the slot.</summary>
    public SlotKind Kind { get; }

    /// <summary>The plan of a struct or primitive written inline (the underlying type of a nullable one).</summary>
    public GraphPlan InlinePlan => _inlinePlan ??= GraphPlan.For(_inline!);

    /// <summary>The plan of an object of exactly the declared type (an empty tag).</summary>
    public GraphPlan Plan => _plan ??= GraphPlan.For(Type);
}

/// <summary>How a value sits in a <see cref="GraphSlot"/>.</summary>
internal enum SlotKind
{
    /// <summary>A non-nullable struct or primitive: its content, inline.</summary>
    Inline,
    /// <summary>A nullable struct: nil or its content, inline.</summary>
    Nullable,
    /// <summary>A string or byte array: nil or the value itself.</summary>
    Text,
    /// <summary>Any other reference: nil, a back reference or a tagged object.</summary>
    Reference,
}
