namespace Flyte.Storage;

/// <summary>
/// Helpers for the URIs blob stores are addressed by: <c>s3://bucket/key</c>, <c>file:///abs/path</c>, or a plain
/// absolute path (which means the local file system, scheme <c>file</c>).
/// </summary>
public static class BlobUri
{
    /// <summary>The scheme of local files; plain absolute paths have it too.</summary>
    public const string FileScheme = "file";

    private const string SchemeSeparator = "://";

    /// <summary>The lower-case scheme of <paramref name="uri"/> (<c>s3</c>, <c>file</c>, …); <see cref="FileScheme"/>
    /// for a plain absolute path; <see langword="null"/> for anything else (a relative path, an empty string).</summary>
    public static string? SchemeOf(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var separator = uri.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (separator > 0 && IsSchemeName(uri.AsSpan(0, separator)))
            return uri[..separator].ToLowerInvariant();
        return Path.IsPathFullyQualified(uri) ? FileScheme : null;
    }

    /// <summary>Whether <paramref name="uri"/> names the local file system.</summary>
    public static bool IsLocal(string uri) => SchemeOf(uri) == FileScheme;

    /// <summary>
    /// Appends path segments to <paramref name="baseUri"/> with exactly one <c>/</c> between parts:
    /// <c>Combine("s3://b/data/", "/x", "y/z")</c> is <c>s3://b/data/x/y/z</c>. Empty segments are skipped; a
    /// segment may hold several parts (<c>a/b</c>) but never <c>..</c>, so a combined URI stays under its base.
    /// </summary>
    public static string Combine(string baseUri, params ReadOnlySpan<string> segments)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var result = TrimTrailingSeparators(baseUri);
        foreach (var segment in segments)
        {
            ArgumentNullException.ThrowIfNull(segment);
            var trimmed = segment.Trim('/');
            if (trimmed.Length == 0)
                continue;
            if (trimmed.Split('/').Contains(".."))
                throw new ArgumentException($"The segment '{segment}' climbs out of its base with '..'.", nameof(segments));
            result = result.EndsWith('/') ? result + trimmed : result + "/" + trimmed;
        }
        return result;
    }

    /// <summary>The local file-system path of a <c>file://</c> URI or plain absolute path, normalised.</summary>
    /// <exception cref="ArgumentException"><paramref name="uri"/> does not name a local file.</exception>
    public static string ToLocalPath(string uri)
    {
        if (SchemeOf(uri) != FileScheme)
            throw new ArgumentException($"'{uri}' is neither a file:// URI nor an absolute path.", nameof(uri));
        var path = uri.Contains(SchemeSeparator, StringComparison.Ordinal) ? new Uri(uri).LocalPath : uri;
        return Path.GetFullPath(path);
    }

    /// <summary>The <c>file://</c> URI of an absolute local path (escaped, so <see cref="ToLocalPath"/> gives the
    /// path back).</summary>
    public static string FromLocalPath(string path)
    {
        if (!Path.IsPathFullyQualified(path))
            throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
        return new Uri(Path.GetFullPath(path)).AbsoluteUri;
    }

    private static bool IsSchemeName(ReadOnlySpan<char> name)
    {
        // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). One letter is a Windows drive, not a scheme.
        if (name.Length < 2 || !char.IsAsciiLetter(name[0]))
            return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
                return false;
        return true;
    }

    private static string TrimTrailingSeparators(string uri)
    {
        // Keep the root of what follows "scheme://" (file:/// keeps its third slash, "/" stays "/").
        var separator = uri.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var start = separator > 0 ? separator + SchemeSeparator.Length : 0;
        var end = uri.Length;
        while (end > start + 1 && uri[end - 1] == '/')
            end--;
        return uri[..end];
    }
}
