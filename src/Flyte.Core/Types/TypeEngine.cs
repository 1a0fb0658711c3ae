using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace Flyte.Types;

/// <summary>
/// The registry of transformers: an immutable value built by adding transformers, handed to whatever converts values.
/// <para>
/// Lookup order for a .NET type: (1) a transformer added for exactly that type; (2) a factory added by the user, in the
/// order added (first match wins) — this is where transformers for a generic definition, a base type or an interface
/// go; (3) a transformer named by <see cref="FlyteTransformerAttribute"/> on the type; (4) the built-in structural
/// families (primitives, enums, collections, dictionaries, optionals, unions, records), in <see cref="BuiltIns"/> order;
/// (5) the opaque-object fallback, when the engine has one. Resolved transformers are cached per engine and type.
/// </para>
/// </summary>
public sealed class TypeEngine
{
    private readonly ImmutableDictionary<Type, ITypeTransformer> _exact;
    private readonly ImmutableList<TransformerFactory> _factories;
    private readonly ImmutableList<TransformerFactory> _builtIns;
    private readonly TransformerFactory? _fallback;
    private readonly ImmutableList<TypeConvention> _conventions;
    private readonly ConcurrentDictionary<Type, ITypeTransformer> _cache = new();
    private readonly ConcurrentDictionary<Type, ITypeTransformer> _optionalCache = new();

    private TypeEngine(ImmutableDictionary<Type, ITypeTransformer> exact, ImmutableList<TransformerFactory> factories,
        ImmutableList<TransformerFactory> builtIns, TransformerFactory? fallback, TypeEngineOptions options,
        ImmutableList<TypeConvention> conventions)
    {
        _conventions = conventions;
        _exact = exact;
        _factories = factories;
        _builtIns = builtIns;
        _fallback = fallback;
        Options = options;
    }

    /// <summary>An engine with no transformers at all.</summary>
    public static TypeEngine Empty { get; } = new(ImmutableDictionary<Type, ITypeTransformer>.Empty,
        ImmutableList<TransformerFactory>.Empty, ImmutableList<TransformerFactory>.Empty, null, TypeEngineOptions.Default,
        ImmutableList<TypeConvention>.Empty);

    /// <summary>The engine with every built-in transformer.</summary>
    public static TypeEngine Default { get; } = BuiltIns.AddTo(Empty);

    /// <summary>Engine-wide settings (naming policy, strictness).</summary>
    public TypeEngineOptions Options { get; }

    /// <summary>A new engine where <paramref name="transformer"/> handles exactly <typeparamref name="T"/>; it wins over any earlier one.</summary>
    public TypeEngine Add<T>(TypeTransformer<T> transformer) =>
        new(_exact.SetItem(typeof(T), transformer), _factories, _builtIns, _fallback, Options, _conventions);

    /// <summary>A new engine where <paramref name="factory"/> is tried after the factories added before it.</summary>
    public TypeEngine Add(TransformerFactory factory) =>
        new(_exact, _factories.Add(factory), _builtIns, _fallback, Options, _conventions);

    /// <summary>A new engine with a built-in structural family appended (used by <see cref="BuiltIns"/> and language packages such as Flyte.FSharp).</summary>
    public TypeEngine AddFamily(TransformerFactory factory) =>
        new(_exact, _factories, _builtIns.Add(factory), _fallback, Options, _conventions);

    /// <summary>A new engine whose families are tried before the existing ones (a language package refining a built-in family).</summary>
    public TypeEngine PrependFamily(TransformerFactory factory) =>
        new(_exact, _factories, _builtIns.Insert(0, factory), _fallback, Options, _conventions);

    /// <summary>A new engine that uses <paramref name="fallback"/> for every type nothing else handles.</summary>
    public TypeEngine WithFallback(TransformerFactory? fallback) =>
        new(_exact, _factories, _builtIns, fallback, Options, _conventions);

    /// <summary>A new engine with other settings.</summary>
    public TypeEngine WithOptions(TypeEngineOptions options) =>
        new(_exact, _factories, _builtIns, _fallback, options, _conventions);

    /// <summary>A new engine that also consults <paramref name="convention"/> (tried before the conventions added earlier).</summary>
    public TypeEngine AddConvention(TypeConvention convention) =>
        new(_exact, _factories, _builtIns, _fallback, Options, _conventions.Insert(0, convention));

    /// <summary>The record layout the engine's conventions give <paramref name="type"/>, or null when none has an opinion.</summary>
    public RecordLayout? RecordLayoutOf(Type type)
    {
        foreach (var convention in _conventions)
            if (convention.RecordLayoutOf(type) is { } layout) return layout;
        return null;
    }

    /// <summary>Whether a convention says a member of <paramref name="type"/> may hold no value (besides <see cref="Nullable{T}"/>).</summary>
    public bool IsOptional(Type type) => Nullable.GetUnderlyingType(type) is not null || _conventions.Any(c => c.IsOptional(type));

    /// <summary>Whether a result of <paramref name="type"/> means no outputs: <c>void</c>, <see cref="Tasks.NoOutputs"/>, or a convention's unit type.</summary>
    public bool IsNoValue(Type type) => type == typeof(void) || type == typeof(Tasks.NoOutputs) || _conventions.Any(c => c.IsNoValue(type));

    /// <summary>The transformer for <typeparamref name="T"/>.</summary>
    /// <exception cref="TypeTransformerException">No transformer handles the type.</exception>
    public TypeTransformer<T> Get<T>() => (TypeTransformer<T>)Get(typeof(T));

    /// <summary>The transformer for <paramref name="type"/>.</summary>
    /// <exception cref="TypeTransformerException">No transformer handles the type.</exception>
    public ITypeTransformer Get(Type type) => _cache.GetOrAdd(type, Resolve);

    /// <summary>
    /// The transformer for <paramref name="type"/> made optional (see <see cref="Optionals.Optional.Wrap"/>): for a
    /// value type, a transformer of <c>Nullable&lt;T&gt;</c>; for a reference type, one of the same type that accepts null.
    /// Records and task parameters use it for members whose nullability (<c>string?</c>) is known only from
    /// <see cref="System.Reflection.NullabilityInfoContext"/>. A type that is already optional (<see cref="IsOptional"/>:
    /// <c>Nullable&lt;T&gt;</c>, a convention's option type) keeps its own transformer, so it is not a union twice.
    /// </summary>
    /// <exception cref="TypeTransformerException">No transformer handles the type.</exception>
    public ITypeTransformer GetOptional(Type type) =>
        _optionalCache.GetOrAdd(type, t => IsOptional(t) ? Get(t) : Optionals.Optional.Wrap(Get(t)));

    /// <summary>The Flyte type of <typeparamref name="T"/>.</summary>
    public LiteralType LiteralTypeOf<T>() => Get(typeof(T)).LiteralType;

    /// <summary>The Flyte type of <paramref name="type"/>.</summary>
    public LiteralType LiteralTypeOf(Type type) => Get(type).LiteralType;

    /// <summary>Turns a value into a literal.</summary>
    public ValueTask<Literal> ToLiteralAsync<T>(T value, TransformerContext? context = null) =>
        Get<T>().ToLiteralAsync(value, context ?? new TransformerContext(this));

    /// <summary>Turns a literal into a value.</summary>
    public ValueTask<T> ToValueAsync<T>(Literal literal, TransformerContext? context = null) =>
        Get<T>().ToValueAsync(literal, context ?? new TransformerContext(this));

    /// <summary>Turns a boxed value of the given type into a literal.</summary>
    public ValueTask<Literal> ToLiteralAsync(object? value, Type type, TransformerContext? context = null) =>
        Get(type).ToLiteralAsync(value, context ?? new TransformerContext(this));

    /// <summary>Turns a literal into a boxed value of the given type.</summary>
    public ValueTask<object?> ToValueAsync(Literal literal, Type type, TransformerContext? context = null) =>
        Get(type).ToValueAsync(literal, context ?? new TransformerContext(this));

    /// <summary>
    /// Guesses a .NET type for a Flyte type (used for entities known only by their interface): the first factory,
    /// user-added then built-in, that recognises it. Null when none does.
    /// </summary>
    public Type? GuessType(LiteralType literalType)
    {
        foreach (var transformer in _exact.Values)
            if (transformer.LiteralType == literalType) return transformer.ClrType;
        foreach (var factory in _factories.Concat(_builtIns))
            if (factory.GuessType(literalType, this) is { } type) return type;
        return null;
    }

    private ITypeTransformer Resolve(Type type)
    {
        if (_exact.TryGetValue(type, out var exact)) return exact;
        foreach (var factory in _factories)
            if (factory.CanTransform(type, this)) return factory.Create(type, this);
        if (type.GetCustomAttribute<FlyteTransformerAttribute>() is { } attribute) return FromAttribute(type, attribute);
        foreach (var factory in _builtIns)
            if (factory.CanTransform(type, this)) return factory.Create(type, this);
        if (_fallback is not null && _fallback.CanTransform(type)) return _fallback.Create(type, this);
        throw new TypeTransformerException("a type with a Flyte transformer", $".NET type {type.FullName}",
            "No transformer handles this type: add one to the engine (TypeEngine.Add), name one with [FlyteTransformer], or make it a record.");
    }

    private ITypeTransformer FromAttribute(Type type, FlyteTransformerAttribute attribute)
    {
        var instance = Activator.CreateInstance(attribute.TransformerType)
            ?? throw new InvalidOperationException($"Cannot create {attribute.TransformerType}.");
        return instance switch
        {
            ITypeTransformer t when t.ClrType == type => t,
            TransformerFactory f when f.CanTransform(type) => f.Create(type, this),
            _ => throw new InvalidOperationException(
                $"[FlyteTransformer({attribute.TransformerType.Name})] on {type.Name} names neither a TypeTransformer<{type.Name}> nor a factory for it."),
        };
    }
}

/// <summary>Engine-wide settings.</summary>
public sealed record TypeEngineOptions
{
    /// <summary>Declared names on the wire, no strict fallback.</summary>
    public static TypeEngineOptions Default { get; } = new();

    /// <summary>
    /// How record member names become field names on the wire when a member has no explicit name attribute;
    /// null keeps the declared name (e.g. <see cref="System.Text.Json.JsonNamingPolicy.SnakeCaseLower"/> turns <c>FeatureA</c> into <c>feature_a</c>).
    /// </summary>
    public System.Text.Json.JsonNamingPolicy? NamingPolicy { get; init; }

    /// <summary>
    /// How deep a value read from the wire may nest (msgpack maps and arrays, untyped JSON, records, collections, the
    /// opaque fallback, protobuf messages). Deeper input is a <see cref="TypeTransformerException"/> naming the path and
    /// the limit. Default 512 levels.
    /// </summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>The default of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 512;

    /// <summary>When true, a type that only the opaque-object fallback could handle is an error instead of a warning.</summary>
    public bool StrictFallback { get; init; }

    /// <summary>Where engine warnings go (e.g. "type X falls back to an opaque blob"); null means standard error.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>The default warning sink: one line on standard error.</summary>
    public static void WarnToStandardError(string message) => Console.Error.WriteLine("[flyte] warning: " + message);
}
