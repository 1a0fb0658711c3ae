using System.Diagnostics;

namespace Flyte.Remote;

/// <summary>
/// How an interactive login (<see cref="AdminAuthType.Pkce"/>, <see cref="AdminAuthType.DeviceFlow"/>) reaches the
/// user: the browser it opens and the lines it tells. Replace either to script a login (tests) or show it in a UI.
/// </summary>
public sealed record AuthInteraction
{
    /// <summary>The system's browser and standard error.</summary>
    public static AuthInteraction Default { get; } = new();

    /// <summary>Opens an address in a browser; by default <see cref="OpenSystemBrowser"/>. A failure is told, and the login still waits.</summary>
    public Func<Uri, CancellationToken, Task> OpenBrowser { get; init; } = OpenSystemBrowser;

    /// <summary>Tells the user a line (where to log in, the device code); by default on standard error.</summary>
    public Action<string> Tell { get; init; } = static line => Console.Error.WriteLine(line);

    /// <summary>
    /// Opens <paramref name="address"/> with <c>$BROWSER</c> when set (a command, or several separated by <c>:</c>,
    /// <c>%s</c> standing for the address, else appended), else <c>xdg-open</c> (Linux), <c>open</c> (macOS) or the
    /// shell (Windows).
    /// </summary>
    /// <exception cref="InvalidOperationException">No browser could be started.</exception>
    public static Task OpenSystemBrowser(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var url = address.AbsoluteUri;
        if (Environment.GetEnvironmentVariable("BROWSER") is { Length: > 0 } browsers)
        {
            foreach (var browser in browsers.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = browser.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var arguments = words.Skip(1).Select(w => w.Replace("%s", url, StringComparison.Ordinal)).ToList();
                if (!browser.Contains("%s", StringComparison.Ordinal))
                    arguments.Add(url);
                if (TryStart(words[0], arguments))
                    return Task.CompletedTask;
            }
            throw new InvalidOperationException($"None of the browsers in $BROWSER ({browsers}) could be started.");
        }
        var started = OperatingSystem.IsWindows() ? TryShell(url)
            : OperatingSystem.IsMacOS() ? TryStart("open", [url])
            : TryStart("xdg-open", [url]);
        return started ? Task.CompletedTask : throw new InvalidOperationException("No browser could be started (xdg-open, open or the shell; set $BROWSER).");
    }

    private static bool TryStart(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static bool TryShell(string url)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
