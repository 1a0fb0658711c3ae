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
    /// <summary>The member may hold no value: <c>Nullable&lt;T&gt;</c>, an F# option, or a nullable reference type.</summary>
    public bool IsOptional { get; init; }
    /// <summary>DataAnnotations on the property or its constructor parameter.</summary>
    public required IReadOnlyList<ValidationAttribute> Validators { get; init; }
    public override string ToString() => $"{Name}: {Type.Name}";
}

/// <summary>
/// The record view of a .NET type: C# positional / init-only / inherited records, classes with public settable properties
/// or a constructor whose parameters match properties, and F# records. Fields in declaration order, base class first.
/// </summary>
internal sealed class RecordShape
{
    private const string FSharpMapping = "Microsoft.FSharp.Core.CompilationMappingAttribute";
    private static readonly NullabilityInfoContext Nullability = new();

    private RecordShape(Type type, ConstructorInfo? constructor, IReadOnlyList<RecordField> fields, bool isFSharpRecord)
    {
        Type = type;
        Constructor = constructor;
        Fields = fields;
        IsFSharpRecord = isFSharpRecord;
        HasValidation = typeof(IValidatableObject).IsAssignableFrom(type) || fields.Any(f => f.Validators.Count > 0);
    }

    public Type Type { get; }
    /// <summary>The constructor used to build values; null for a struct built with its default constructor.</summary>
    public ConstructorInfo? Constructor { get; }
    public IReadOnlyList<RecordField> Fields { get; }
    public bool IsFSharpRecord { get; }
    public bool HasValidation { get; }

    /// <summary>Whether the type looks like a record at all (cheap; no shape is built).</summary>
    public static bool IsCandidate(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsByRef || type.IsArray || type.IsInterface || type.IsAbstract) return false;
        if (type.ContainsGenericParameters || type == typeof(string) || type == typeof(object)) return false;
        if (typeof(Delegate).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type)) return false;
        if (Nullable.GetUnderlyingType(type) is not null) return false;
        var ns = type.Namespace ?? "";
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal)) return false;
        if (type.Assembly == typeof(RecordShape).Assembly) return false;   // the model itself has its own transformers
        // F# unions, classes, modules and exceptions carry CompilationMapping with another kind than RecordType (2):
        // they are not records (a plain F# class falls to the opaque fallback, like seed 002's People).
        var fsharpKind = FSharpConstructKind(type);
        if (fsharpKind is not null && fsharpKind != 2) return false;
        return true;
    }

    /// <summary>The shape of <paramref name="type"/>, or null when it is not a record.</summary>
    public static RecordShape? TryCreate(Type type, JsonNamingPolicy? namingPolicy)
    {
        if (!IsCandidate(type)) return null;
        return FSharpConstructKind(type) == 2 ? FSharpRecord(type, namingPolicy) : ClrRecord(type, namingPolicy);
    }

    private static int? FSharpConstructKind(Type type)
    {
        foreach (var data in type.GetCustomAttributesData())
            if (data.AttributeType.FullName == FSharpMapping && data.ConstructorArguments.Count > 0)
                return Convert.ToInt32(data.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture) & 31;
        return null;
    }

    private static int? FSharpFieldSequence(PropertyInfo property)
    {
        foreach (var data in property.GetCustomAttributesData())
            if (data.AttributeType.FullName == FSharpMapping && data.ConstructorArguments.Count > 1 &&
                (Convert.ToInt32(data.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture) & 31) == 4)
                return Convert.ToInt32(data.ConstructorArguments[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    private static RecordShape? FSharpRecord(Type type, JsonNamingPolicy? policy)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Seq: FSharpFieldSequence(p)))
            .Where(p => p.Seq is not null).OrderBy(p => p.Seq).Select(p => p.Property).ToArray();
        var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == properties.Length &&
            c.GetParameters().Select(p => p.ParameterType).SequenceEqual(properties.Select(p => p.PropertyType)));
        if (constructor is null) return null;
        var parameters = constructor.GetParameters();
        var fields = properties.Select((p, i) => MakeField(p, parameters[i], i, policy)).ToArray();
        return new RecordShape(type, constructor, fields, isFSharpRecord: true);
    }

    private static RecordShape? ClrRecord(Type type, JsonNamingPolicy? policy)
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
            fields.Add(MakeField(property, index < 0 ? null : parameters[index], index, policy));
        }
        if (fields.Count == 0 && properties.Count > 0) return null;
        return new RecordShape(type, constructor, fields, isFSharpRecord: false);
    }

    private static RecordField MakeField(PropertyInfo property, ParameterInfo? parameter, int index, JsonNamingPolicy? policy)
    {
        var name = property.GetCustomAttribute<FlyteFieldAttribute>()?.Name
                   ?? parameter?.GetCustomAttribute<FlyteFieldAttribute>()?.Name
                   ?? property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                   ?? parameter?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                   ?? policy?.ConvertName(property.Name)
                   ?? property.Name;
        var optional = IsOptionalType(property.PropertyType) || IsNullableReference(property);
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
            defaultValue = null;
        }
        else hasDefault = parameter is null && !required;
        return new RecordField
        {
            Name = name, Property = property, ParameterIndex = parameter is null ? -1 : index,
            HasDefault = hasDefault, DefaultValue = defaultValue, IsOptional = optional, Validators = validators,
        };
    }

    /// <summary><c>Nullable&lt;T&gt;</c> or an F# option.</summary>
    internal static bool IsOptionalType(Type type) =>
        Nullable.GetUnderlyingType(type) is not null ||
        type.IsGenericType && type.GetGenericTypeDefinition().FullName is "Microsoft.FSharp.Core.FSharpOption`1" or "Microsoft.FSharp.Core.FSharpValueOption`1";

    private static bool IsNullableReference(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType) return false;
        lock (Nullability) return Nullability.Create(property).ReadState == NullabilityState.Nullable;
    }
}
