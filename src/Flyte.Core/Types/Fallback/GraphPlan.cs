using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Flyte.Types.Fallback;

/// <summary>How the object-graph serializer reads and writes one .NET type; made once per type and cached.</summary>
internal abstract class GraphPlan(Type type)
{
    private static readonly ConcurrentDictionary<Type, GraphPlan> Cache = new();

    public Type Type { get; } = type;

    public static GraphPlan For(Type type) => Cache.GetOrAdd(type, Build);

    private static GraphPlan Build(Type type)
    {
        if (PrimitivePlan.TryCreate(type) is { } primitive) return primitive;
        if (type.IsPointer || type.IsByRef || type.IsByRefLike || type == typeof(IntPtr) || type == typeof(UIntPtr) ||
            typeof(Delegate).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type))
            throw new GraphException($"{Name(type)} cannot be captured (pointers, handles, delegates and reflection objects have no portable state)");
        if (type.ContainsGenericParameters) throw new GraphException($"{Name(type)} is an open generic type");
        if (type.IsArray)
        {
            if (type.GetArrayRank() != 1) throw new GraphException($"{Name(type)}: only one-dimensional arrays are supported");
            return new ArrayPlan(type);
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(HashSet<>)) return new SequencePlan(type);
            if (definition == typeof(Dictionary<,>)) return new DictionaryPlan(type);
            if (definition == typeof(Nullable<>)) return For(type.GetGenericArguments()[0]);
        }
        if (type.IsInterface || type.IsAbstract || type == typeof(object)) return new ObjectPlan(type, []);
        var ns = type.Namespace ?? "";
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal))
            throw new GraphException($"{Name(type)} is a framework type the fallback does not walk (its private fields change between runtime versions)");
        return ObjectPlan.Create(type);
    }

    /// <summary>A stable, assembly-free name: <c>Ns.Outer+Inner</c>, <c>Ns.G`1[Ns.A]</c>, <c>Ns.A[]</c>.</summary>
    public static string Name(Type type)
    {
        if (type.IsArray) return Name(type.GetElementType()!) + "[]";
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            return Name(type.GetGenericTypeDefinition()) + "[" + string.Join(",", type.GetGenericArguments().Select(Name)) + "]";
        return type.FullName ?? type.Name;
    }
}

/// <summary>Values written inline by a codec: numbers, text, times, enums.</summary>
internal sealed class PrimitivePlan : GraphPlan
{
    public static readonly Type[] Types =
    [
        typeof(bool), typeof(char), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long),
        typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(string), typeof(DateTime), typeof(DateTimeOffset),
        typeof(TimeSpan), typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(byte[]),
    ];

    private PrimitivePlan(Type type) : base(type) { }

    public static PrimitivePlan? TryCreate(Type type) => type.IsEnum || Types.Contains(type) ? new PrimitivePlan(type) : null;
}

/// <summary>A class or struct walked field by field (public and private, base classes first).</summary>
internal sealed class ObjectPlan : GraphPlan
{
    private FieldReader[]? _readers;

    public ObjectPlan(Type type, FieldInfo[] fields) : base(type)
    {
        Fields = fields;
        IsClass = !type.IsValueType;
        IsAbstract = type.IsAbstract || type.IsInterface;
    }

    public FieldInfo[] Fields { get; }

    /// <summary>A class (an object of its own), not a struct.</summary>
    public bool IsClass { get; }

    /// <summary>An abstract class or an interface: only a tagged subtype can fill it.</summary>
    public bool IsAbstract { get; }

    /// <summary>A compiled reader per field, in <see cref="Fields"/> order; built on first use (writing never needs them).</summary>
    public FieldReader[] Readers => _readers ??= Fields.Select(f => FieldReader.For(Type, f)).ToArray();

    public static ObjectPlan Create(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Insert(0, t);
        var fields = chain.SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
.OrderBy(f => f.MetadataToken))
            .ToArray();
        return new ObjectPlan(type, fields);
    }
}

/// <summary>A one-dimensional array.</summary>
internal sealed class ArrayPlan(Type type) : GraphPlan(type)
{
    public Type ElementType { get; } = type.GetElementType()!;

    public GraphSlot Element { get; } = GraphSlot.For(type.GetElementType()!);
}

/// <summary><see cref="List{T}"/> or <see cref="HashSet{T}"/>: written as their items, rebuilt with Add.</summary>
internal sealed class SequencePlan : GraphPlan
{
    private readonly MethodInfo _add;

    public SequencePlan(Type type) : base(type)
    {
        ElementType = type.GetGenericArguments()[0];
        Element = GraphSlot.For(ElementType);
        _add = type.GetMethod("Add", [ElementType])!;
        if (type.GetGenericTypeDefinition() == typeof(HashSet<>)) ComparerCheck = type.GetProperty("Comparer")!;
    }

    public Type ElementType { get; }

    public GraphSlot Element { get; }

    public PropertyInfo? ComparerCheck { get; }

    public object Create(int capacity) => Type.GetGenericTypeDefinition() == typeof(List<>)
        ? Activator.CreateInstance(Type, capacity)! : Activator.CreateInstance(Type)!;

    public void Add(object collection, object? item)
    {
        if (collection is IList list) list.Add(item);
        else _add.Invoke(collection, [item]);
    }
}

/// <summary><see cref="Dictionary{TKey,TValue}"/>: written as key/value pairs, rebuilt with the default comparer.</summary>
internal sealed class DictionaryPlan(Type type) : GraphPlan(type)
{
    public Type KeyType { get; } = type.GetGenericArguments()[0];

    public Type ValueType { get; } = type.GetGenericArguments()[1];

    public GraphSlot Key { get; } = GraphSlot.For(type.GetGenericArguments()[0]);

    public GraphSlot Value { get; } = GraphSlot.For(type.GetGenericArguments()[1]);

    public PropertyInfo Comparer { get; } = type.GetProperty("Comparer")!;
}

/// <summary>A graph that cannot be captured or a payload that does not fit; the transformer turns it into a <see cref="TypeTransformerException"/>.</summary>
internal sealed class GraphException(string message, Exception? inner = null) : Exception(message, inner);
