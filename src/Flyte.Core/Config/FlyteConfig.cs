using System.Globalization;

namespace Flyte.Config;

/// <summary>
/// flytectl's <c>config.yaml</c> with the environment on top: where FlyteAdmin is and how to authenticate to it
/// (<c>admin:</c>), and the object store (<c>storage:</c>). The one reader of that file: the Admin client and the S3
/// store take their settings from here. Values are as written (text); their meaning is checked by whoever uses them
/// (the Admin client parses the endpoint, the S3 store its options). Immutable.
/// </summary>
/// <example><code>
/// admin:
///   endpoint: dns:///localhost:30080
///   insecure: true
///   # transport: rest              # the REST gateway instead of gRPC (also implied by an http(s):// endpoint)
///   # insecureSkipVerify: false
///   # caCertFilePath: /etc/ssl/my-ca.pem
///   authType: ClientSecret
///   clientId: my-app
///   clientSecretLocation: /etc/secrets/client_secret
///   scopes:
///     - all
/// images:
///   default: localhost:30000/flyte-dotnet:0.1.0   # the image tasks run in (FLYTE_IMAGE, --image win)
/// storage:
///   type: minio
///   container: my-s3-bucket
///   connection:
///     endpoint: http://localhost:30002
///     access-key: minio
///     secret-key: miniostorage
///     auth-type: accesskey
///     region: us-east-1
/// </code></example>
public sealed record FlyteConfig
{
    /// <summary>The variable naming the config file (flytectl's).</summary>
    public const string PathVariable = "FLYTECTL_CONFIG";

    /// <summary>The variable bounding one S3 request, in seconds.</summary>
    public const string S3TimeoutVariable = "FLYTE_AWS_TIMEOUT_SECONDS";

    /// <summary>The variable setting how often a failed S3 request is retried.</summary>
    public const string S3MaxErrorRetryVariable = "FLYTE_AWS_MAX_RETRIES";

    /// <summary>The file read, or null when none was (then only the environment counts).</summary>
    public string? Path { get; init; }

    /// <summary>The FlyteAdmin settings.</summary>
    public AdminSection Admin { get; init; } = new();

    /// <summary>The variable naming the image tasks run in when <c>--image</c> does not.</summary>
    public const string ImageVariable = "FLYTE_IMAGE";

    /// <summary>
    /// The image tasks run in: <see cref="ImageVariable"/>, else the file's <c>images.default</c> (flytekit's
    /// <c>images:</c> section); null when neither names one.
    /// </summary>
    public string? Image { get; init; }

    /// <summary>The object store settings.</summary>
    public StorageSection Storage { get; init; } = new();

    /// <summary>Where flytectl keeps its config: <c>FLYTECTL_CONFIG</c> when set, else <c>&lt;home&gt;/.flyte/config.yaml</c>.</summary>
    public static string DefaultPath(Func<string, string?> environment, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(PathVariable) is { Length: > 0 } explicitPath
            ? explicitPath
            : System.IO.Path.Combine(homeDirectory, ".flyte", "config.yaml");
    }

    /// <summary>
    /// This process's environment over the file at <paramref name="path"/>, or over flytectl's default file
    /// (<see cref="DefaultPath"/>) when null. A missing file counts as empty.
    /// </summary>
    /// <exception cref="FormatException">The file is not YAML (naming the file and line), or a flag is neither true nor false.</exception>
    public static FlyteConfig Load(string? path = null) =>
        Load(Environment.GetEnvironmentVariable,
            path ?? DefaultPath(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>
    /// <paramref name="environment"/> over the file at <paramref name="path"/> (none when null or missing).
    /// </summary>
    /// <remarks>
    /// Admin variables, each winning over the file: <c>FLYTE_ADMIN_ENDPOINT</c> or <c>FLYTE_PLATFORM_URL</c>,
    /// <c>FLYTE_PLATFORM_INSECURE</c>, <c>FLYTE_ADMIN_TRANSPORT</c> (<c>admin.transport</c>), <c>FLYTE_CREDENTIALS_AUTH_MODE</c> / <c>FLYTE_CREDENTIALS_AUTH_TYPE</c>,
    /// <c>FLYTE_CREDENTIALS_CLIENT_ID</c>, <c>FLYTE_CREDENTIALS_CLIENT_SECRET</c>, <c>FLYTE_CREDENTIALS_OAUTH_SCOPES</c>
    /// (comma separated), <c>FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY</c>, <c>FLYTE_CREDENTIALS_COMMAND</c> (comma
    /// separated), <c>FLYTE_TOKEN_CACHE</c>; the file's secret comes from
    /// <c>clientSecretEnvVar</c> (the name of a variable) before <c>clientSecretLocation</c> (a file, trimmed).
    /// Storage variables: <c>FLYTE_AWS_ENDPOINT</c> / <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>,
    /// <c>FLYTE_AWS_ACCESS_KEY_ID</c> / <c>AWS_ACCESS_KEY_ID</c>, <c>FLYTE_AWS_SECRET_ACCESS_KEY</c> /
    /// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>, <see cref="S3TimeoutVariable"/>,
    /// <see cref="S3MaxErrorRetryVariable"/>. The file's storage counts only when its <c>type</c> is <c>s3</c> or
    /// <c>minio</c> (or unset).
    /// </remarks>
    /// <exception cref="FormatException">The file is not YAML (naming the file and line), or a flag is neither true nor false.</exception>
    public static FlyteConfig Load(Func<string, string?> environment, string? path)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var file = path is null ? new FlyteConfigFile.Mapping() : FlyteConfigFile.Read(path);
        var admin = file.Section("admin") ?? new FlyteConfigFile.Mapping();
        var storage = file.Section("storage") is { } s && (s.Scalar("type") is not { } type || type is "s3" or "minio") ? s : new FlyteConfigFile.Mapping();
        var connection = storage.Section("connection") ?? new FlyteConfigFile.Mapping();

        string? fileSecret = null;
        if (admin.Scalar("clientSecretEnvVar") is { Length: > 0 } secretVariable)
            fileSecret = Env(secretVariable);
        if (fileSecret is null && admin.Scalar("clientSecretLocation") is { Length: > 0 } secretFile && File.Exists(secretFile))
            fileSecret = File.ReadAllText(secretFile).Trim();

        return new FlyteConfig
        {
            Path = path is not null && File.Exists(path) ? path : null,
            Image = Env(ImageVariable) ?? (file.Section("images")?.Scalar("default") is { Length: > 0 } image ? image : null),
            Admin = new AdminSection
            {
                Endpoint = Env("FLYTE_ADMIN_ENDPOINT") ?? Env("FLYTE_PLATFORM_URL") ?? admin.Scalar("endpoint"),
                Insecure = ParseFlag(Env("FLYTE_PLATFORM_INSECURE"), "FLYTE_PLATFORM_INSECURE") ?? ParseFlag(admin.Scalar("insecure"), "admin.insecure"),
                Transport = Env("FLYTE_ADMIN_TRANSPORT") ?? admin.Scalar("transport"),
                InsecureSkipVerify = ParseFlag(admin.Scalar("insecureSkipVerify"), "admin.insecureSkipVerify"),
                CaCertFilePath = admin.Scalar("caCertFilePath") is { Length: > 0 } caCert ? caCert : null,
                AuthType = Env("FLYTE_CREDENTIALS_AUTH_MODE") ?? Env("FLYTE_CREDENTIALS_AUTH_TYPE") ?? admin.Scalar("authType"),
                ClientId = Env("FLYTE_CREDENTIALS_CLIENT_ID") ?? admin.Scalar("clientId"),
                ClientSecret = Env("FLYTE_CREDENTIALS_CLIENT_SECRET") ?? fileSecret,
                Scopes = (Env("FLYTE_CREDENTIALS_OAUTH_SCOPES") is { } scopeList
                    ? scopeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : admin.Sequence("scopes") ?? []).ToArray(),
                TokenUrl = admin.Scalar("tokenUrl") is { Length: > 0 } tokenUrl ? tokenUrl : null,
                Audience = admin.Scalar("audience"),
                AuthorizationHeader = Env("FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY") ?? admin.Scalar("authorizationHeader"),
                Command = (Env("FLYTE_CREDENTIALS_COMMAND") is { } commandList
                    ? commandList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : admin.Sequence("command") ?? []).ToArray(),
                PkceTimeout = admin.Section("pkceConfig")?.Scalar("timeout"),
                DeviceFlowTimeout = admin.Section("deviceFlowConfig")?.Scalar("timeout"),
                DeviceFlowPollInterval = admin.Section("deviceFlowConfig")?.Scalar("pollInterval"),
                TokenCacheFolder = Env("FLYTE_TOKEN_CACHE"),
            },
            Storage = new StorageSection
            {
                Endpoint = Env("FLYTE_AWS_ENDPOINT") ?? Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL") ?? connection.Scalar("endpoint"),
                AccessKey = Env("FLYTE_AWS_ACCESS_KEY_ID") ?? Env("AWS_ACCESS_KEY_ID") ?? connection.Scalar("access-key"),
                SecretKey = Env("FLYTE_AWS_SECRET_ACCESS_KEY") ?? Env("AWS_SECRET_ACCESS_KEY") ?? connection.Scalar("secret-key"),
                Region = Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? connection.Scalar("region"),
                AuthType = connection.Scalar("auth-type"),
                Container = storage.Scalar("container"),
                Timeout = double.TryParse(Env(S3TimeoutVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds) : null,
                MaxErrorRetry = int.TryParse(Env(S3MaxErrorRetryVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var retries) && retries >= 0
                    ? retries : null,
            },
        };
    }

    private static bool? ParseFlag(string? text, string name) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException($"{name} must be true or false, not '{text}'."),
    };

    /// <summary>The settings with every secret masked, safe to log.</summary>
    public override string ToString() => $"FlyteConfig {{ Path = {Path}, Image = {Image}, Admin = {Admin}, Storage = {Storage} }}";

    /// <summary>flytectl's <c>admin:</c> section with the <c>FLYTE_*</c> variables on top.</summary>
    public sealed record AdminSection
    {
        /// <summary>The endpoint as written (<c>dns:///host:port</c>, <c>host:port</c> or an <c>http(s)://</c> address); null: none given.</summary>
        public string? Endpoint { get; init; }

        /// <summary><c>insecure</c> / <c>FLYTE_PLATFORM_INSECURE</c>; null when neither says.</summary>
        public bool? Insecure { get; init; }

        /// <summary><c>transport</c> / <c>FLYTE_ADMIN_TRANSPORT</c> as written (<c>grpc</c>, <c>rest</c>); null: implied by the endpoint.</summary>
        public string? Transport { get; init; }

        /// <summary><c>insecureSkipVerify</c>: accept any server certificate; null when not said.</summary>
        public bool? InsecureSkipVerify { get; init; }

        /// <summary><c>caCertFilePath</c>: a PEM file of the CA signing Admin's certificate; null: the system's trust only.</summary>
        public string? CaCertFilePath { get; init; }

        /// <summary>The authentication flow as written (<c>ClientSecret</c>…); null: none.</summary>
        public string? AuthType { get; init; }

        /// <summary>The OAuth2 client id.</summary>
        public string? ClientId { get; init; }

        /// <summary>The OAuth2 client secret, resolved from its variable or file.</summary>
        public string? ClientSecret { get; init; }

        /// <summary>The scopes requested with the token.</summary>
        public IReadOnlyList<string> Scopes { get; init; } = [];

        /// <summary>The identity provider's token endpoint as written; null: discover it.</summary>
        public string? TokenUrl { get; init; }

        /// <summary>The audience sent with the token request.</summary>
        public string? Audience { get; init; }

        /// <summary>The header carrying the token; null: ask FlyteAdmin.</summary>
        public string? AuthorizationHeader { get; init; }

        /// <summary><c>command</c> / <c>FLYTE_CREDENTIALS_COMMAND</c> (comma separated): the program printing a token, then its arguments.</summary>
        public IReadOnlyList<string> Command { get; init; } = [];

        /// <summary><c>pkceConfig.timeout</c> as written (a Go duration, <c>2m</c>); null: the default.</summary>
        public string? PkceTimeout { get; init; }

        /// <summary><c>deviceFlowConfig.timeout</c> as written; null: the default.</summary>
        public string? DeviceFlowTimeout { get; init; }

        /// <summary><c>deviceFlowConfig.pollInterval</c> as written; null: the default.</summary>
        public string? DeviceFlowPollInterval { get; init; }

        /// <summary><c>FLYTE_TOKEN_CACHE</c>: the folder of the login token cache; null: the user's cache folder.</summary>
        public string? TokenCacheFolder { get; init; }

        /// <summary>The settings with the client secret masked.</summary>
        public override string ToString() =>
            $"{{ Endpoint = {Endpoint}, Insecure = {Insecure}, Transport = {Transport}, InsecureSkipVerify = {InsecureSkipVerify}, " +
            $"CaCertFilePath = {CaCertFilePath}, AuthType = {AuthType}, ClientId = {ClientId}, " +
            $"ClientSecret = {(ClientSecret is null ? "" : "***")}, Scopes = [{string.Join(", ", Scopes)}], TokenUrl = {TokenUrl}, " +
            $"Audience = {Audience}, AuthorizationHeader = {AuthorizationHeader}, Command = [{string.Join(" ", Command)}], " +
            $"PkceTimeout = {PkceTimeout}, DeviceFlowTimeout = {DeviceFlowTimeout}, DeviceFlowPollInterval = {DeviceFlowPollInterval}, " +
            $"TokenCacheFolder = {TokenCacheFolder} }}";
    }

    /// <summary>flytectl's <c>storage:</c> section (S3 or MinIO) with the <c>FLYTE_AWS_*</c>/<c>AWS_*</c> variables on top.</summary>
    public sealed record StorageSection
    {
        /// <summary>The S3 endpoint (MinIO, moto); null: AWS.</summary>
        public string? Endpoint { get; init; }

        /// <summary>The access key id.</summary>
        public string? AccessKey { get; init; }

        /// <summary>The secret access key.</summary>
        public string? SecretKey { get; init; }

        /// <summary>The region.</summary>
        public string? Region { get; init; }

        /// <summary><c>accesskey</c> or <c>iam</c>, as written.</summary>
        public string? AuthType { get; init; }

        /// <summary>The default bucket.</summary>
        public string? Container { get; init; }

        /// <summary>How long one request may take, from <see cref="S3TimeoutVariable"/>; null: the store's default.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>How often a failed request is retried, from <see cref="S3MaxErrorRetryVariable"/>; null: the store's default.</summary>
        public int? MaxErrorRetry { get; init; }

        /// <summary>The settings with the secret key masked.</summary>
        public override string ToString() =>
            $"{{ Endpoint = {Endpoint}, Region = {Region}, AccessKey = {AccessKey}, SecretKey = {(SecretKey is null ? "" : "***")}, " +
            $"AuthType = {AuthType}, Container = {Container}, Timeout = {Timeout}, MaxErrorRetry = {MaxErrorRetry} }}";
    }
}
