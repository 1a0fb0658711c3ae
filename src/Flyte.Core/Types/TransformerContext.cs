namespace Flyte.Types;

/// <summary>
/// What a transformer may need besides the value: the engine (to convert nested values), cancellation and, for
/// offloaded values, where to store data. Immutable; one per task execution is typical.
/// </summary>
public sealed record TransformerContext
{
    /// <summary>A context with the given engine and nothing else.</summary>
    public TransformerContext(TypeEngine engine) => Engine = engine;

    /// <summary>The engine, for nested conversions.</summary>
    public TypeEngine Engine { get; init; }

    /// <summary>Cancels long conversions (uploads, downloads, large collections).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Extra services keyed by type (blob store, raw output prefix, …) for transformers that touch storage.</summary>
    public ServiceMap Services { get; init; } = ServiceMap.Empty;

    /// <summary>The service of type <typeparamref name="TService"/>, or null.</summary>
    public TService? Get<TService>() where TService : class => Services.Get<TService>();

    /// <summary>A context that also holds <paramref name="service"/>.</summary>
    public TransformerContext With<TService>(TService service) where TService : class =>
        this with { Services = Services.Set(service) };
}

/// <summary>An immutable map from a service type to one instance.</summary>
public sealed class ServiceMap
{
    private readonly System.Collections.Immutable.ImmutableDictionary<Type, object> _services;

    private ServiceMap(System.Collections.Immutable.ImmutableDictionary<Type, object> services) => _services = services;

    /// <summary>No services.</summary>
    public static ServiceMap Empty { get; } = new(System.Collections.Immutable.ImmutableDictionary<Type, object>.Empty);

    /// <summary>The service registered as <typeparamref name="TService"/>, or null.</summary>
    public TService? Get<TService>() where TService : class =>
        _services.TryGetValue(typeof(TService), out var service) ? (TService)service : null;

    /// <summary>A map where <typeparamref name="TService"/> is <paramref name="service"/>.</summary>
    public ServiceMap Set<TService>(TService service) where TService : class => new(_services.SetItem(typeof(TService), service));
}
