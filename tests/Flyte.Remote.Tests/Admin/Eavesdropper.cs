using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>
/// A server on another loopback host (<c>127.0.0.2</c>, which is not the fake Admin's <c>127.0.0.1</c>) that records
/// every request it gets, headers included, and answers 200 with a token: what a credential thief would run.
/// </summary>
public sealed class Eavesdropper : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    /// <summary>Starts it on a free port.</summary>
    public Eavesdropper()
    {
        var probe = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.2:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(() => FakeFlyteAdmin.ServeRequests(listener, async context =>
        {
            Heard.Enqueue($"{context.Request.HttpMethod} {context.Request.Url} " +
                          string.Join(" ", context.Request.Headers.AllKeys.Select(k => $"{k}: {context.Request.Headers[k]}")));
            var bytes = """{"access_token":"stolen","expires_in":3600}"""u8.ToArray();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }));
    }

    /// <summary>The base address, <c>http://127.0.0.2:port/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request received, as <c>METHOD url headers</c>.</summary>
    public ConcurrentQueue<string> Heard { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        // Close alone, as in FakeFlyteAdmin: Stop then Close binds the freed port once more.
        listener.Close();
        loop.GetAwaiter().GetResult();
    }
}
