using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Flyte.Remote.Auth;

/// <summary>
/// flytectl's <c>DeviceFlow</c> login (RFC 8628): asks the device authorization endpoint for a device and user code,
/// tells the user where to enter it, then polls the token endpoint
/// (<c>grant_type=urn:ietf:params:oauth:grant-type:device_code</c>) every <c>interval</c> seconds (else
/// <see cref="AdminConfig.DeviceFlowPollInterval"/>): <c>authorization_pending</c> polls on, <c>slow_down</c> adds 5 s to
/// the interval, <c>expired_token</c> and <c>access_denied</c> end the login, as does
/// <see cref="AdminConfig.DeviceFlowTimeout"/> or the code's <c>expires_in</c>.
/// </summary>
internal sealed class DeviceFlowLogin(AdminConfig config, HttpClient http, AuthDiscovery discovery, TimeProvider time, SecretScrubber scrubber,
    AuthInteraction interaction) : IInteractiveLogin
{
    /// <summary>The grant type of the device-code token request.</summary>
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>What <c>slow_down</c> adds to the interval (RFC 8628 §3.5).</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<TokenSet> LoginAsync(PublicClient client, CancellationToken cancellationToken)
    {
        var device = await discovery.EndpointAsync("device_authorization_endpoint", m => m.DeviceAuthorizationEndpoint, cancellationToken).ConfigureAwait(false);
        var form = new List<KeyValuePair<string, string>> { new("client_id", client.ClientId) };
        if (client.Scopes.Count > 0)
            form.Add(new("scope", string.Join(' ', client.Scopes)));
        if (client.Audience is { } audience)
            form.Add(new("audience", audience));
        var started = time.GetUtcNow();
        var (status, body) = await OAuthTokens.PostAsync(http, device, form, null, "device authorization", scrubber, cancellationToken).ConfigureAwait(false);
        if ((int)status is < 200 or >= 300)
            throw Failed(FlyteAdminException.CodeOf(status),
                $"{device.GetLeftPart(UriPartial.Path)} refused to start a device login for client '{client.ClientId}': {OAuthTokens.Describe(body, scrubber)}");
        var code = Read(body, device);
        interaction.Tell(code.CompleteUri is { } complete
            ? $"To log in to FlyteAdmin at {config.Endpoint.Authority}, open {complete} and confirm the code {code.UserCode}."
            : $"To log in to FlyteAdmin at {config.Endpoint.Authority}, open {code.VerificationUri} and enter the code {code.UserCode}.");

        var interval = code.Interval ?? config.DeviceFlowPollInterval;
        var limit = code.ExpiresIn is { } expiresIn && expiresIn < config.DeviceFlowTimeout ? expiresIn : config.DeviceFlowTimeout;
        var deadline = started + limit;
        while (true)
        {
            var requestedAt = time.GetUtcNow();
            (status, body) = await OAuthTokens.PostAsync(http, client.TokenEndpoint,
                [new("grant_type", DeviceCodeGrant), new("device_code", code.DeviceCode), new("client_id", client.ClientId)],
                null, "token request", scrubber, cancellationToken).ConfigureAwait(false);
            if ((int)status is >= 200 and < 300)
                return OAuthTokens.Parse(body, status, client.TokenEndpoint, requestedAt, scrubber);
            switch (OAuthTokens.ErrorCode(body))
            {
                case "authorization_pending":
                    break;
                case "slow_down":
                    interval += SlowDownStep;
                    break;
                case "expired_token":
                    throw Failed(GrpcStatusCode.UNAUTHENTICATED,
                        $"The device code {code.UserCode} expired before the login was approved at {code.VerificationUri}; run the command again for a new code.");
                case "access_denied":
                    throw Failed(GrpcStatusCode.UNAUTHENTICATED, $"The login with the device code {code.UserCode} was denied at {code.VerificationUri}.");
                default:
                    throw Failed(FlyteAdminException.CodeOf(status),
                        $"{client.TokenEndpoint.GetLeftPart(UriPartial.Path)} refused the device login of client '{client.ClientId}': {OAuthTokens.Describe(body, scrubber)}");
            }
            if (time.GetUtcNow() + interval > deadline)
                throw Failed(GrpcStatusCode.DEADLINE_EXCEEDED,
                    $"The login with the device code {code.UserCode} was not approved within {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s " +
                    "(admin.deviceFlowConfig.timeout, or the code's expires_in); run the command again for a new code.");
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record DeviceAuthorization(string DeviceCode, string UserCode, string VerificationUri, string? CompleteUri, TimeSpan? ExpiresIn, TimeSpan? Interval);

    private DeviceAuthorization Read(string body, Uri device)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            TimeSpan? Seconds(string name) => root.TryGetProperty(name, out var v) && v.TryGetInt64(out var s) && s > 0 ? TimeSpan.FromSeconds(s) : null;
            var deviceCode = Text("device_code") ?? throw new KeyNotFoundException("device_code");
            scrubber.Add(deviceCode);
            return new DeviceAuthorization(deviceCode, Text("user_code") ?? throw new KeyNotFoundException("user_code"),
                // verification_url: the name Google's device endpoint uses.
                Text("verification_uri") ?? Text("verification_url") ?? throw new KeyNotFoundException("verification_uri"),
                Text("verification_uri_complete"), Seconds("expires_in"), Seconds("interval"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw Failed(GrpcStatusCode.INTERNAL,
                $"{device.GetLeftPart(UriPartial.Path)} answered without a device_code, user_code and verification_uri ({e.Message}): {scrubber.Excerpt(body)}");
        }
    }

    private static FlyteAdminException Failed(GrpcStatusCode code, string message) =>
        new(code, FlyteAdminException.HttpStatusOf(code), "device login", message);
}
