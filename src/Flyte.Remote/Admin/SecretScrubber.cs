using System.Collections.Concurrent;
using System.Text;

namespace Flyte.Remote;

/// <summary>
/// Masks the client secret (raw, URL-escaped and as the HTTP Basic credential) and every access token received, in
/// any text that may reach a message, log or exception; and cuts server answers down to a short excerpt. Thread-safe.
/// </summary>
internal sealed class SecretScrubber
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The longest excerpt of a server answer kept in an error message.</summary>
    public const int ExcerptLength = 300;

    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    /// <summary>Masks <paramref name="secret"/> from now on (nothing for null or empty).</summary>
    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
            secrets.TryAdd(secret, 0);
    }

    /// <summary>Masks the client secret in every form it is sent in.</summary>
    public void AddClientSecret(string clientId, string secret)
    {
        Add(secret);
        Add(Uri.EscapeDataString(secret));
        Add(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{Uri.EscapeDataString(secret)}")));
    }

    /// <summary><paramref name="text"/> with every known secret masked; the longest secrets first, so none is half masked.</summary>
    public string Scrub(string text)
    {
        if (secrets.IsEmpty || text.Length == 0)
            return text;
        foreach (var secret in secrets.Keys.OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>A scrubbed excerpt of a server answer: whitespace collapsed, at most <see cref="ExcerptLength"/> characters.</summary>
    public string Excerpt(string body)
    {
        var flat = string.Join(' ', Scrub(body).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : string.Concat(flat.AsSpan(0, ExcerptLength), "… (", (flat.Length - ExcerptLength).ToString(System.Globalization.CultureInfo.InvariantCulture), " more characters)");
    }
}
