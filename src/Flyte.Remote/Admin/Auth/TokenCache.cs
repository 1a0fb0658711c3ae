using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flyte.Remote.Auth;

/// <summary>
/// The token set of one FlyteAdmin endpoint and client id, kept in a file readable by its owner only (0600, in a 0700
/// folder) so a second run needs no login: <c>&lt;folder&gt;/&lt;hash of endpoint and client id&gt;.json</c>. It holds
/// the access token, the refresh token and the expiry, never a client secret. A file others can read is refused, not
/// used: whoever could read it could act as the user.
/// </summary>
internal sealed class TokenCache
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Uri endpoint;
    private readonly string clientId;

    /// <summary>The cache of <paramref name="endpoint"/>'s tokens for <paramref name="clientId"/> in <paramref name="folder"/>.</summary>
    public TokenCache(string folder, Uri endpoint, string clientId)
    {
        Folder = folder;
        this.endpoint = endpoint;
        this.clientId = clientId;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpoint}\n{clientId}")))[..32];
        FilePath = Path.Combine(folder, key + ".json");
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The file of this endpoint and client id.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The default folder: <c>$FLYTE_TOKEN_CACHE</c>, else <c>$XDG_CACHE_HOME/flyte/tokens</c>, else
    /// <c>~/.cache/flyte/tokens</c> (on Windows the local application data folder's <c>flyte\tokens</c>).
    /// </summary>
    public static string DefaultFolder(Func<string, string?> environment)
    {
        if (environment("FLYTE_TOKEN_CACHE") is { Length: > 0 } explicitFolder)
            return explicitFolder;
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "flyte", "tokens");
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "flyte", "tokens");
    }

    /// <summary>The cached token set, or null when there is none (or it belongs to another endpoint or client).</summary>
    /// <exception cref="FlyteAdminException">The file can be read by others than its owner, or is not a token cache.</exception>
    public TokenSet? Load()
    {
        if (!File.Exists(FilePath))
            return null;
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(FilePath) is var mode && (mode & OthersAccess) != 0)
            throw Refused($"The token cache {FilePath} has mode {Octal(mode)}: others than its owner can read or " +
                          $"change it, so it is not used. Make it owner-only (chmod 600 {FilePath}) if you trust its content, or delete it to log in again.");
        try
        {
            var entry = JsonSerializer.Deserialize(File.ReadAllText(FilePath), TokenCacheJson.Default.Entry)
                        ?? throw new JsonException("the file holds null");
            if (entry.Endpoint != endpoint.ToString() || entry.ClientId != clientId || entry.AccessToken is not { Length: > 0 } access)
                return null;
            return new TokenSet(access, entry.RefreshToken, entry.ExpiresAt);
        }
        catch (JsonException e)
        {
            throw Refused($"The token cache {FilePath} is not a token cache written by flyte ({e.Message}); delete it to log in again.");
        }
    }

    /// <summary>Writes <paramref name="tokens"/> owner-only, replacing the file in one step.</summary>
    public void Save(TokenSet tokens)
    {
        CreateFolder();
        var json = JsonSerializer.Serialize(new Entry
        {
            Endpoint = endpoint.ToString(), ClientId = clientId, AccessToken = tokens.AccessToken,
            RefreshToken = tokens.RefreshToken, ExpiresAt = tokens.Expires,
        }, TokenCacheJson.Default.Entry);
        var temporary = FilePath + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write(json);
        File.Move(temporary, FilePath, overwrite: true);
    }

    private void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(Folder);
        else if (!Directory.Exists(Folder))
            Directory.CreateDirectory(Folder, OwnerOnlyFolder);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    private static FlyteAdminException Refused(string message) =>
        new(GrpcStatusCode.FAILED_PRECONDITION, HttpStatusCode.OK, "token cache", message);

    /// <summary>The file's content.</summary>
    internal sealed class Entry
    {
        [JsonPropertyName("endpoint")]
        public string Endpoint { get; init; } = "";

        [JsonPropertyName("client_id")]
        public string ClientId { get; init; } = "";

        [JsonPropertyName("access_token")]
        public string? AccessToken { get; init; }

        [JsonPropertyName("refresh_token")]
        public string? RefreshToken { get; init; }

        [JsonPropertyName("expires_at")]
        public DateTimeOffset ExpiresAt { get; init; }
    }
}

/// <summary>Source-generated JSON for <see cref="TokenCache.Entry"/>.</summary>
[JsonSerializable(typeof(TokenCache.Entry))]
internal sealed partial class TokenCacheJson : JsonSerializerContext;
