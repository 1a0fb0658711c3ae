namespace Flyte.Remote.Auth;

/// <summary>The <see cref="ITokenSource"/> for <see cref="AdminConfig.AuthType"/>.</summary>
internal static class TokenSources
{
    /// <summary>The token source of <paramref name="config"/>'s auth type; null without auth.</summary>
    /// <exception cref="ArgumentException">The settings the auth type needs are missing, or credentials would travel over plain HTTP.</exception>
    public static ITokenSource? Create(AdminConfig config, HttpClient http, Transport.IAdminTransport transport, TimeProvider time,
        SecretScrubber scrubber, AuthInteraction interaction)
    {
        if (config.AuthType == AdminAuthType.None)
            return null;
        var discovery = new AuthDiscovery(config, transport, scrubber);
        if (config.AuthType == AdminAuthType.ClientSecret)
            return new ClientCredentials(config, http, discovery, time, scrubber);
        ClientCredentials.RequireSecureTransport(config, config.Endpoint, "the FlyteAdmin endpoint");
        if (config.TokenUrl is { } tokenUrl)
            ClientCredentials.RequireSecureTransport(config, tokenUrl, "admin.tokenUrl");
        return config.AuthType switch
        {
            AdminAuthType.ExternalCommand => config.Command.Count > 0
                ? new ExternalCommandToken(config, discovery, scrubber)
                : throw new ArgumentException("ExternalCommand auth needs admin.command: the command that prints an access token.", nameof(config)),
            AdminAuthType.Pkce => new UserLogin(config, http, discovery, time, scrubber, interaction,
                new PkceLogin(config, http, discovery, time, scrubber, interaction)),
            AdminAuthType.DeviceFlow => new UserLogin(config, http, discovery, time, scrubber, interaction,
                new DeviceFlowLogin(config, http, discovery, time, scrubber, interaction)),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.AuthType, "Not an auth type."),
        };
    }
}
