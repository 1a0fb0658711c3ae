using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>
/// A clock that never waits: every timer fires at once and moves the clock forward by its due time, and the waits
/// asked for are recorded, so polling intervals and timeouts are checked without spending them.
/// </summary>
internal sealed class FastClock : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every timer's due time, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
            return now;
    }

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan span)
    {
        lock (gate)
            now += span;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Waits.Enqueue(dueTime);
            Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The user's browser in a PKCE test: visits the authorization address the client opens, as a browser does without
/// blocking the client, and follows the identity provider's redirect to the client's loopback port — optionally
/// altered on the way (<see cref="Tamper"/>), as a forged or stale request would be.
/// </summary>
internal sealed class ScriptedBrowser
{
    private readonly ConcurrentQueue<Task<(HttpStatusCode Status, string Page)>> visits = new();

    /// <summary>Changes the redirect before it is followed; null to follow it as it is.</summary>
    public Func<string, string>? Tamper { get; init; }

    /// <summary>The addresses opened.</summary>
    public ConcurrentQueue<Uri> Opened { get; } = new();

    /// <summary>The opener to hand to <see cref="Flyte.Remote.AuthInteraction.OpenBrowser"/>.</summary>
    public Task Open(Uri address, CancellationToken cancellationToken)
    {
        Opened.Enqueue(address);
        visits.Enqueue(Task.Run(() => VisitAsync(address, Tamper)));
        return Task.CompletedTask;
    }

    /// <summary>What the client's loopback page said, for every visit.</summary>
    public async Task<IReadOnlyList<(HttpStatusCode Status, string Page)>> PagesAsync() => await Task.WhenAll(visits);

    /// <summary>Visits <paramref name="address"/> and follows one redirect, changed by <paramref name="tamper"/>.</summary>
    public static async Task<(HttpStatusCode, string)> VisitAsync(Uri address, Func<string, string>? tamper = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var authorize = await http.GetAsync(address);
        if (authorize.StatusCode != HttpStatusCode.Found || authorize.Headers.Location is not { } location)
            return (authorize.StatusCode, await authorize.Content.ReadAsStringAsync());
        var target = tamper is null ? location.ToString() : tamper(location.ToString());
        using var callback = await http.GetAsync(target);
        return (callback.StatusCode, await callback.Content.ReadAsStringAsync());
    }

    /// <summary>A loopback redirect URI on a port free right now, as Admin would name one.</summary>
    public static Uri FreeRedirectUri()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://localhost:{port}/callback");
    }
}
