namespace Flyte.Remote.Auth;

/// <summary>Where <see cref="FlyteAdminClient"/> gets the header carrying its access token: one per auth mode.</summary>
internal interface ITokenSource
{
    /// <summary>How many access tokens were obtained so far (issued, refreshed or read from a command; for tests and diagnostics).</summary>
    int TokensRequested { get; }

    /// <summary>The header and value to send; a new token when <paramref name="stale"/> is the one Admin refused.</summary>
    /// <exception cref="FlyteAdminException">No token could be obtained (refused, denied, expired, the command failed).</exception>
    Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken);
}
