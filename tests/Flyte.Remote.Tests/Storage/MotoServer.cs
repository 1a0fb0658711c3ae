using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Flyte.Tests.Storage;

/// <summary>A <c>moto_server</c> (S3 emulator) process on a free loopback port, killed on dispose.</summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private MotoServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>Starts the server and returns once it answers HTTP.</summary>
    public static async Task<MotoServer> StartAsync()
    {
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo("moto_server", $"-H 127.0.0.1 -p {port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("moto_server did not start");
        var server = new MotoServer(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilAnsweringAsync(server.Endpoint, process, TimeSpan.FromSeconds(60));
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Polls <paramref name="endpoint"/> until it answers HTTP or <paramref name="limit"/> passes.</summary>
    public static async Task WaitUntilAnsweringAsync(string endpoint, Process? process, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"moto_server exited with {process.ExitCode} before answering on {endpoint}");
            try
            {
                using var response = await http.GetAsync(endpoint);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }
            // Readiness polling of an external process: there is no event to wait on.
            await Task.Delay(100);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the server and its child processes with SIGSTOP: connections are accepted by the kernel, never answered.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        foreach (var pid in Tree(_process.Id))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
            kill.WaitForExit();
        }
    }

    private static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) yield break;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            var children = Path.Combine(task, "children");
            if (!File.Exists(children)) continue;
            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                foreach (var descendant in Tree(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)))
                    yield return descendant;
        }
    }

    /// <summary>Kills the server (and the Python process behind its launcher) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public override string ToString()
    {
        lock (_log)
            return $"moto_server at {Endpoint}:\n{_log}";
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }
}
