using Flyte.Config;

namespace Flyte.Storage;

/// <summary>
/// How to reach S3 (or an S3-compatible store such as MinIO, the Flyte sandbox's storage). Immutable; every
/// property may be left unset, in which case the AWS SDK's own defaults apply.
/// </summary>
/// <remarks>
/// <see cref="FromEnvironment()"/> resolves each setting from, in order: Flyte's variables (<c>FLYTE_AWS_ENDPOINT</c>,
/// <c>FLYTE_AWS_ACCESS_KEY_ID</c>, <c>FLYTE_AWS_SECRET_ACCESS_KEY</c>, which propeller injects into task pods), the
/// AWS SDK's usual ones (<c>AWS_ENDPOINT_URL</c>, <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
/// <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>), then the <c>storage:</c> section of flytectl's config file. Every call
/// is bounded: <see cref="Timeout"/> and <see cref="MaxErrorRetry"/> have defaults (overridable with
/// <c>FLYTE_AWS_TIMEOUT_SECONDS</c> and <c>FLYTE_AWS_MAX_RETRIES</c>).
/// </remarks>
public sealed record S3Options
{
    /// <summary>The default size of a multipart-upload part, and so the size from which a put goes multipart.</summary>
    public const int DefaultPartSize = 16 * 1024 * 1024;

    /// <summary>S3's smallest allowed part (all but the last).</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The service URL of an S3-compatible store (<c>http://localhost:30002</c>); unset means AWS itself.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The region; with a custom <see cref="Endpoint"/> it only names the signing region
    /// (<c>us-east-1</c> when unset).</summary>
    public string? Region { get; init; }

    /// <summary>The access key id; unset (or <see cref="AuthType"/> <c>iam</c>) means the SDK's default
    /// credential chain (instance role, web identity, profile, …).</summary>
    public string? AccessKey { get; init; }

    /// <summary>The secret access key, used together with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; init; }

    /// <summary>flytectl's <c>auth-type</c>: <c>accesskey</c> (use the keys) or <c>iam</c> (ignore them).</summary>
    public string? AuthType { get; init; }

    /// <summary>Address buckets as <c>endpoint/bucket/key</c> rather than <c>bucket.endpoint/key</c>. Unset means:
    /// path style exactly when a custom <see cref="Endpoint"/> is set, which is what MinIO and moto need.</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>flytectl's <c>container</c>: the default bucket (the sandbox uses <c>my-s3-bucket</c>).</summary>
    public string? Container { get; init; }

    /// <summary>The default <see cref="Timeout"/>: 20 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The default <see cref="MaxErrorRetry"/>: 2 retries (3 tries), with the SDK's exponential back-off.</summary>
    public const int DefaultMaxErrorRetry = 2;

    /// <summary>The variable that overrides <see cref="Timeout"/>, in seconds.</summary>
    public const string TimeoutVariable = FlyteConfig.S3TimeoutVariable;

    /// <summary>The variable that overrides <see cref="MaxErrorRetry"/>.</summary>
    public const string MaxErrorRetryVariable = FlyteConfig.S3MaxErrorRetryVariable;

    /// <summary>
    /// How long one request may take to connect and answer, and how long a download may go without receiving a byte,
    /// before it fails. Default <see cref="DefaultTimeout"/>, so a store that stops answering fails a call within
    /// <c>Timeout × (MaxErrorRetry + 1)</c> plus back-off (about a minute with the defaults), never hangs.
    /// </summary>
    public TimeSpan? Timeout { get; init; } = DefaultTimeout;

    /// <summary>How many times a failed request is retried (with back-off). Default <see cref="DefaultMaxErrorRetry"/>.</summary>
    public int? MaxErrorRetry { get; init; } = DefaultMaxErrorRetry;

    /// <summary>Multipart part size in bytes (at least <see cref="MinimumPartSize"/>). Content shorter than one part
    /// is sent with a single PutObject.</summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>Whether buckets are addressed path-style, resolving the unset default.</summary>
    public bool UsesPathStyle => ForcePathStyle ?? Endpoint is not null;

    /// <summary>Whether requests are signed with <see cref="AccessKey"/>/<see cref="SecretKey"/> rather than the
    /// SDK's credential chain.</summary>
    public bool UsesAccessKeys =>
        AccessKey is not null && SecretKey is not null && !string.Equals(AuthType, "iam", StringComparison.OrdinalIgnoreCase);

    /// <summary>Settings from this process's environment and the default flytectl config file (<see cref="FlyteConfig.Load(string?)"/>).</summary>
    public static S3Options FromEnvironment() => From(FlyteConfig.Load());

    /// <summary>Settings from <paramref name="environment"/> over those of the config file at
    /// <paramref name="configPath"/> (none when <see langword="null"/> or missing).</summary>
    public static S3Options FromEnvironment(Func<string, string?> environment, string? configPath) => From(FlyteConfig.Load(environment, configPath));

    /// <summary>The S3 settings of <paramref name="config"/>'s storage; the defaults where it says nothing.</summary>
    public static S3Options From(FlyteConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var storage = config.Storage;
        var defaults = new S3Options();
        return defaults with
        {
            Endpoint = storage.Endpoint,
            AccessKey = storage.AccessKey,
            SecretKey = storage.SecretKey,
            Region = storage.Region,
            AuthType = storage.AuthType,
            Container = storage.Container,
            Timeout = storage.Timeout ?? defaults.Timeout,
            MaxErrorRetry = storage.MaxErrorRetry ?? defaults.MaxErrorRetry,
        };
    }

    /// <summary>The options with the secret key masked, safe to log.</summary>
    public override string ToString() =>
        $"S3Options {{ Endpoint = {Endpoint}, Region = {Region}, AccessKey = {AccessKey}, SecretKey = {(SecretKey is null ? "" : "***")}, " +
        $"AuthType = {AuthType}, PathStyle = {UsesPathStyle}, Container = {Container}, Timeout = {Timeout}, MaxErrorRetry = {MaxErrorRetry}, PartSize = {PartSize} }}";
}
