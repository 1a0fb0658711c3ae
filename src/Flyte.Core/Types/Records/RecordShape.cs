using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flyte.Types.Records;

/// <summary>One field of a record: its wire name, .NET member and how it is set and defaulted.</summary>
internal sealed class RecordField
{
    public required string Name { get; init; }
    public required PropertyInfo Property { get; init; }
    public Type Type => Property.PropertyType;
    /// <summary>Index of the constructor parameter that sets the field, or -1 when it is set through its setter.</summary>
    public int ParameterIndex { get; init; } = -1;
    /// <summary>The value used when the field is absent on read; meaningful when <see cref="HasDefault"/>.</summary>
    public object? DefaultValue { get; init; }
    /// <summary>An absent field is not an error (a constructor default, a settable member without <c>required</c>, or an optional member).</summary>
    public bool HasDefault { get; init; }
    /// <summary>The member may hold no value: <c>Nullable&lt;T&gt;</c>, a convention's option type, or a nullable reference type.</summary>
    public bool IsOptional { get; init; }
    /// <summary>DataAnnotations on the property or its constructor parameter.</summary>
    public required IReadOnlyList<ValidationAttribute> Validators { get; init; }
    public override string ToString() => $"{Name}: {Type.Name}";
}

/// <summary>
/// The record view of a .NET type: C# positional / init-only / inherited records, classes with public settable properties
/// or a constructor whose parameters match properties, and the records a <see cref="TypeConvention"/> describes (F#'s).
/// Fields in declaration order, base class first.
/// </summary>
internal sealed class RecordShape
{
    private static readonly NullabilityInfoContext Nullability = new();

    private RecordShape(Type type, ConstructorInfo? constructor, IReadOnlyList<RecordField> fields)
    {
        Type = type;
        Constructor = constructor;
        Fields = fields;
        HasValidation = typeof(IValidatableObject).IsAssignableFrom(type) || fields.Any(f => f.Validators.Count > 0);
    }

    public Type Type { get; }
    /// <summary>The constructor used to build values; null for a struct built with its default constructor.</summary>
    public ConstructorInfo? Constructor { get; }
    public IReadOnlyList<RecordField> Fields { get; }
    public bool HasValidation { get; }

    /// <summary>Whether the type looks like a record at all (cheap; no shape is built).</summary>
    private static bool IsCandidate(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsByRef || type.IsArray || type.IsInterface || type.IsAbstract) return false;
        if (type.ContainsGenericParameters || type == typeof(string) || type == typeof(object)) return false;
        if (typeof(Delegate).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type)) return false;
        if (Nullable.GetUnderlyingType(type) is not null) return false;
        var ns = type.Namespace ?? "";
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal)) return false;
        if (type.Assembly == typeof(RecordShape).Assembly) return false;   // the model itself has its own transformers
        return true;
    }

    /// <summary>
    /// The shape of <paramref name="type"/> in <paramref name="engine"/>, or null when it is not a record: the engine's
    /// conventions (a language's records, e.g. F#'s, and its classes that are not records) first, then the C# rules.
    /// </summary>
    public static RecordShape? TryCreate(Type type, TypeEngine engine)
    {
        if (!IsCandidate(type)) return null;
        var layout = engine.RecordLayoutOf(type);
        if (layout == RecordLayout.NotARecord) return null;
        var policy = engine.Options.NamingPolicy;
        return layout is null ? ClrRecord(type, policy, engine) : FromLayout(type, layout, policy, engine);
    }

    private static RecordShape FromLayout(Type type, RecordLayout layout, JsonNamingPolicy? policy, TypeEngine engine)
    {
        var parameters = layout.Constructor.GetParameters();
        var fields = layout.Fields.Select((p, i) => MakeField(p, parameters[i], i, policy, engine)).ToArray();
        return new RecordShape(type, layout.Constructor, fields);
    }

    private static RecordShape? ClrRecord(Type type, JsonNamingPolicy? policy, TypeEngine engine)
    {
        // Declaration order with base classes first; an overriding property keeps its base position.
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Insert(0, t);
        var properties = new List<PropertyInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var level in chain)
            foreach (var p in level.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            {
                if (p.GetIndexParameters().Length > 0 || p.GetMethod is not { IsPublic: true }) continue;
                if (p.IsDefined(typeof(JsonIgnoreAttribute))) continue;
                var mostDerived = type.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance) ?? p;
                if (seen.Add(p.Name)) properties.Add(mostDerived.DeclaringType == p.DeclaringType ? p : mostDerived);
            }

        // The constructor with the most parameters that all match properties (case-insensitively); else the parameterless one.
        ConstructorInfo? constructor = null;
        foreach (var c in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var ps = c.GetParameters();
            if (ps.All(p => properties.Any(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase) && q.PropertyType == p.ParameterType)))
            {
                // A copy constructor (records have a protected one; a public one would take the type itself) is not a shape.
                if (ps.Length == 1 && ps[0].ParameterType == type) continue;
                constructor = c;
                break;
            }
        }
        if (constructor is null && !type.IsValueType) return null;
        var parameters = constructor?.GetParameters() ?? [];

        var fields = new List<RecordField>();
        foreach (var property in properties)
        {
            var index = Array.FindIndex(parameters, p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && property.SetMethod is not { IsPublic: true }) continue;   // computed: not a field
            fields.Add(MakeField(property, index < 0 ? null : parameters[index], index, policy, engine));
        }
        if (fields.Count == 0 && properties.Count > 0) return null;
        return new RecordShape(type, constructor, fields);
    }

    private static RecordField MakeField(PropertyInfo property, ParameterInfo? parameter, int index, JsonNamingPolicy? policy, TypeEngine engine)
    {
        var name = property.GetCustomAttribute<FlyteFieldAttribute>()?.Name
                   ?? parameter?.GetCustomAttribute<FlyteFieldAttribute>()?.Name
                   ?? property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                   ?? parameter?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                   ?? policy?.ConvertName(property.Name)
                   ?? property.Name;
        var optional = engine.IsOptional(property.PropertyType) || IsNullableReference(property);
        var validators = property.GetCustomAttributes<ValidationAttribute>(true)
            .Concat(parameter?.GetCustomAttributes<ValidationAttribute>(true) ?? []).ToArray();
        var required = property.IsDefined(typeof(RequiredAttribute)) || parameter?.IsDefined(typeof(RequiredAttribute)) == true ||
                       property.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute)) ||
                       property.GetCustomAttributesData().Any(a => a.AttributeType.Name == "RequiredMemberAttribute");
        bool hasDefault;
        object? defaultValue = null;
        if (parameter is not null && parameter.HasDefaultValue)
        {
            hasDefault = true;
            defaultValue = parameter.DefaultValue is DBNull or null && property.PropertyType.IsValueType
                ? Activator.CreateInstance(property.PropertyType) : parameter.DefaultValue;
        }
        else if (optional)
        {
            hasDefault = true;
            defaultValue = property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null;   // null, or a struct option's none
        }
        else hasDefault = parameter is null && !required;
        return new RecordField
        {
            Name = name, Property = property, ParameterIndex = parameter is null ? -1 : index,
            HasDefault = hasDefault, DefaultValue = defaultValue, IsOptional = optional, Validators = validators,
        };
    }

    private static bool IsNullableReference(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType) return false;
        lock (Nullability) return Nullability.Create(property).ReadState == NullabilityState.Nullable;
    }
}
