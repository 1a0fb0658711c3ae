using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flyte.Remote.Auth;

/// <summary>
/// The local end of a PKCE login: listens on the redirect URI's loopback port (both 127.0.0.1 and ::1 for
/// <c>localhost</c>) for the browser's <c>GET &lt;path&gt;?code=…&amp;state=…</c>, answers it with a short page and hands
/// over the query. Requests for other paths (a favicon) get 404 and the wait goes on.
/// </summary>
internal sealed class LoopbackRedirect : IDisposable
{
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(10);
    private readonly List<TcpListener> listeners = [];
    private readonly string path;
    private readonly CancellationTokenSource stop = new();

    private LoopbackRedirect(Uri redirect) => path = redirect.AbsolutePath;

    /// <summary>Starts listening on <paramref name="redirect"/>'s port.</summary>
    /// <exception cref="FlyteAdminException">The address is not a loopback <c>http://</c> one, or its port cannot be listened on.</exception>
    public static LoopbackRedirect Listen(Uri redirect)
    {
        if (redirect.Scheme != Uri.UriSchemeHttp || !redirect.IsLoopback)
            throw Failed($"The redirect URI {redirect} is not a loopback http:// address, so the browser's answer could not come back to this " +
                         "machine. FlyteAdmin's public client config (redirect_uri) names it; PKCE here needs e.g. http://localhost:53593/callback.");
        var addresses = IPAddress.TryParse(redirect.Host.Trim('[', ']'), out var ip) ? [ip] : new[] { IPAddress.Loopback, IPAddress.IPv6Loopback };
        var server = new LoopbackRedirect(redirect);
        SocketException? refused = null;
        foreach (var address in addresses)
        {
            var listener = new TcpListener(address, redirect.Port);
            try
            {
                listener.Start();
                server.listeners.Add(listener);
            }
            catch (SocketException e)
            {
                refused ??= e;
            }
        }
        if (server.listeners.Count == 0)
            throw Failed($"Cannot listen on {redirect.Authority} for the browser's answer: {refused!.Message}. Another login may be waiting " +
                         "there, or another program uses the port.");
        return server;
    }

    /// <summary>
    /// Waits for the browser's answer; <paramref name="judge"/> reads its query and says what is wrong with it (null:
    /// nothing), which the browser is shown too.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, string> Query, string? Problem)> WaitAsync(
        Func<IReadOnlyDictionary<string, string>, string?> judge, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
        var answer = new TaskCompletionSource<(IReadOnlyDictionary<string, string>, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loops = listeners.Select(l => AcceptAsync(l, judge, answer, linked.Token)).ToList();
        await using (linked.Token.Register(() => answer.TrySetCanceled(linked.Token)))
        {
            try
            {
                return await answer.Task.ConfigureAwait(false);
            }
            finally
            {
                await linked.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        foreach (var listener in listeners)
            listener.Dispose();
        stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, Func<IReadOnlyDictionary<string, string>, string?> judge,
        TaskCompletionSource<(IReadOnlyDictionary<string, string>, string?)> answer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(connection, judge, answer, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient connection, Func<IReadOnlyDictionary<string, string>, string?> judge,
        TaskCompletionSource<(IReadOnlyDictionary<string, string>, string?)> answer, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RequestReadTimeout);
                var stream = connection.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false) ?? "";
                while (await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { Length: > 0 })
                {
                    // Headers are not needed.
                }
                var parts = requestLine.Split(' ');
                if (parts.Length < 2 || parts[0] != "GET" || !Uri.TryCreate(new Uri("http://localhost/"), parts[1], out var target) ||
                    target.AbsolutePath != path)
                {
                    await RespondAsync(stream, 404, "Not the Flyte login callback.", timeout.Token).ConfigureAwait(false);
                    return;
                }
                var query = ParseQuery(target.Query);
                var problem = judge(query);
                await RespondAsync(stream, problem is null ? 200 : 400,
                    problem is null ? "Logged in to Flyte. You can close this window." : "The Flyte login failed: " + problem, timeout.Token).ConfigureAwait(false);
                answer.TrySetResult((query, problem));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // A connection that sent nothing or went away is not the answer; keep waiting.
            }
        }
    }

    private static async Task RespondAsync(Stream stream, int status, string text, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><p>{WebUtility.HtmlEncode(text)}</p></body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 400 ? "Bad Request" : "Not Found")}\r\n" +
            $"Content-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=') is var i and >= 0 ? (pair[..i], pair[(i + 1)..]) : (pair, "");
            values[Unescape(key)] = Unescape(value);
        }
        return values;
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static FlyteAdminException Failed(string message) => new(GrpcStatusCode.FAILED_PRECONDITION, HttpStatusCode.OK, "PKCE login", message);
}
