namespace Flyte.Tasks;

/// <summary>
/// How a task is run (<c>flyteidl.core.TaskMetadata</c>). Immutable; the defaults are Flyte's: no retries, no timeout,
/// no cache, not interruptible.
/// </summary>
public sealed record TaskMetadata
{
    /// <summary>Flyte's defaults.</summary>
    public static TaskMetadata Default { get; } = new();

    /// <summary>
    /// How many times a failed attempt is retried when its error is recoverable (a <see cref="FlyteRecoverableException"/>
    /// or a timeout). A plain user error is never retried. System errors have their own budget, set on the interpreter.
    /// </summary>
    public int Retries { get; init; }

    /// <summary>The deadline of one attempt; null for none. An attempt past it is cancelled and counts as a recoverable failure.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Whether outputs are cached by input, and under which version.</summary>
    public CacheSettings Cache { get; init; } = CacheSettings.Disabled;

    /// <summary>Whether the task may run on preemptible machines.</summary>
    public bool Interruptible { get; init; }

    /// <summary>When set, the task is deprecated and this message says what to use instead.</summary>
    public string? DeprecationMessage { get; init; }

    /// <summary>Requested and limited resources.</summary>
    public TaskResources Resources { get; init; } = TaskResources.None;

    /// <summary>Environment variables set while the task runs.</summary>
    public ValueMap<string> Environment { get; init; } = ValueMap<string>.Empty;
}

/// <summary>Output caching of a task (<c>discoverable</c>, <c>discovery_version</c>, <c>cache_ignore_input_vars</c>).</summary>
/// <param name="Enabled">Whether outputs are cached.</param>
/// <param name="Version">Changing it invalidates earlier cached outputs.</param>
/// <param name="IgnoredInputs">Inputs left out of the cache key.</param>
public sealed record CacheSettings(bool Enabled, string Version, ValueList<string> IgnoredInputs)
{
    /// <summary>No caching.</summary>
    public static CacheSettings Disabled { get; } = new(false, "", ValueList<string>.Empty);

    /// <summary>Caching under <paramref name="version"/>, ignoring <paramref name="ignoredInputs"/>.</summary>
    public static CacheSettings On(string version, params string[] ignoredInputs) => new(true, version, new(ignoredInputs));
}

/// <summary>Kubernetes-style resource quantities (<c>"500m"</c>, <c>"2Gi"</c>); null leaves the platform default.</summary>
public sealed record TaskResources
{
    /// <summary>No requests, no limits.</summary>
    public static TaskResources None { get; } = new();

    /// <summary>Requested CPU.</summary>
    public string? CpuRequest { get; init; }

    /// <summary>Requested memory.</summary>
    public string? MemoryRequest { get; init; }

    /// <summary>Requested GPUs.</summary>
    public string? GpuRequest { get; init; }

    /// <summary>CPU limit.</summary>
    public string? CpuLimit { get; init; }

    /// <summary>Memory limit.</summary>
    public string? MemoryLimit { get; init; }
}
