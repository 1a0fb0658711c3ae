using System.ComponentModel;
using System.Diagnostics;
using System.Net;

namespace Flyte.Remote.Auth;

/// <summary>
/// flytectl's <c>ExternalCommand</c>: runs <see cref="AdminConfig.Command"/> and sends what it prints (trimmed) as the
/// bearer token. The token is kept in memory for the life of the client and the command run again when Admin refuses
/// it; the command is its own cache, so nothing is written to disk. Thread-safe.
/// </summary>
internal sealed class ExternalCommandToken(AdminConfig config, AuthDiscovery discovery, SecretScrubber scrubber) : ITokenSource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? headerName;
    private string? current;

    /// <inheritdoc />
    public int TokensRequested { get; private set; }

    /// <inheritdoc />
    public async Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            headerName ??= await discovery.HeaderNameAsync(cancellationToken).ConfigureAwait(false);
            if (current is null || current == stale)
                current = await RunAsync(cancellationToken).ConfigureAwait(false);
            return (headerName, "Bearer " + current);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var program = config.Command[0];
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in config.Command.Skip(1))
            info.ArgumentList.Add(argument);
        TokensRequested++;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process was started");
        }
        catch (Win32Exception e)
        {
            throw Failed($"admin.command '{program}' cannot be started: {e.Message}.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var token = (await stdout.ConfigureAwait(false)).Trim();
            scrubber.Add(token);
            var errors = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
                throw Failed($"admin.command '{program}' failed with exit code {process.ExitCode}" +
                             (errors.Length == 0 ? "." : $": {scrubber.Excerpt(errors)}"));
            if (token.Length == 0)
                throw Failed($"admin.command '{program}' printed no token (its standard output must be the access token).");
            if (token.Any(char.IsWhiteSpace))
                throw Failed($"admin.command '{program}' printed more than one word; its standard output must be the access token alone.");
            return token;
        }
    }

    private static FlyteAdminException Failed(string message) =>
        new(GrpcStatusCode.UNAUTHENTICATED, HttpStatusCode.Unauthorized, "external command", message);
}
