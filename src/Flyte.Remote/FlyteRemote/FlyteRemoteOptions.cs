using Flyte.Storage;
using Flyte.Types;

namespace Flyte.Remote;

/// <summary>Settings of a <see cref="FlyteRemote"/>. Immutable.</summary>
public sealed record FlyteRemoteOptions
{
    /// <summary>The project entities are fetched from and executions started in, unless a call names another. Default: <c>flytesnacks</c>.</summary>
    public string Project { get; init; } = "flytesnacks";

    /// <summary>The domain, unless a call names another. Default: <c>development</c>.</summary>
    public string Domain { get; init; } = "development";

    /// <summary>Converts inputs and outputs. Default: <see cref="TypeEngine.Default"/>.</summary>
    public TypeEngine Engine { get; init; } = TypeEngine.Default;

    /// <summary>Services the conversions see (e.g. an <c>OffloadContext</c> to read file outputs). Default: none.</summary>
    public ServiceMap Services { get; init; } = ServiceMap.Empty;

    /// <summary>
    /// Where outputs are read that FlyteAdmin does not inline (it names <c>outputs.url</c> instead). Null: local files,
    /// and with <see cref="FlyteRemote.FromConfig"/> S3 from the config's <c>storage:</c> section.
    /// </summary>
    public IBlobStore? Store { get; init; }

    /// <summary>How long <see cref="FlyteRemote.WaitAsync"/> waits between two looks, unless told otherwise. Default: 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Who starts executions, as recorded in their metadata (Admin replaces it with the token's identity when auth is on). Default: <c>flyte-dotnet</c>.</summary>
    public string Principal { get; init; } = "flyte-dotnet";

    /// <summary>Node executions fetched per page. Default: 100.</summary>
    public int NodePageSize { get; init; } = 100;
}

/// <summary>How <see cref="FlyteRemote.ExecuteAsync"/> starts an execution. Immutable.</summary>
public sealed record RemoteExecuteOptions
{
    /// <summary>Defaults: Admin names the execution; the entity's project and domain; cached results used.</summary>
    public static RemoteExecuteOptions Default { get; } = new();

    /// <summary>The execution's name; null for one Admin makes up. Starting a second execution under a used name fails with ALREADY_EXISTS.</summary>
    public string? Name { get; init; }

    /// <summary>The project to run in; null for the entity's own.</summary>
    public string? Project { get; init; }

    /// <summary>The domain to run in; null for the entity's own.</summary>
    public string? Domain { get; init; }

    /// <summary>Run every cached task again and replace its stored outputs (<c>overwrite_cache</c>).</summary>
    public bool OverwriteCache { get; init; }
}

/// <summary>How <see cref="FlyteRemote.WaitAsync"/> follows an execution. Immutable.</summary>
public sealed record RemoteWaitOptions
{
    /// <summary>Defaults: the remote's poll interval, no timeout, no callbacks.</summary>
    public static RemoteWaitOptions Default { get; } = new();

    /// <summary>How long to wait between two looks; null for <see cref="FlyteRemoteOptions.PollInterval"/>.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How long to wait before giving up with a <see cref="TimeoutException"/> (the execution keeps running); null for no bound.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Hears the execution each time its phase changes (the first look included).</summary>
    public Action<RemoteExecution>? PhaseChanged { get; init; }

    /// <summary>
    /// Hears each node execution (children of parent nodes included) each time its phase changes; costs one listing
    /// per look, made only when set.
    /// </summary>
    public Action<RemoteNodeExecution>? NodeChanged { get; init; }
}
