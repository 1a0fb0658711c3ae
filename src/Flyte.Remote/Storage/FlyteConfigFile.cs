namespace Flyte.Storage;

/// <summary>
/// Reads the small YAML subset flytectl's <c>config.yaml</c> uses: nested block mappings of scalars, comments,
/// quoted strings, and sequences of scalars (block <c>- item</c> lines or a flow <c>[a, b]</c>, as the admin section's
/// <c>scopes</c>). Sequences of mappings are skipped; it is not a YAML parser and does not pretend to be one.
/// </summary>
internal static class FlyteConfigFile
{
    /// <summary>A mapping: each value is a <see cref="string"/> or another mapping.</summary>
    internal sealed class Mapping : Dictionary<string, object>
    {
        public Mapping()
            : base(StringComparer.Ordinal)
        {
        }

        public Mapping? Section(string key) => TryGetValue(key, out var value) ? value as Mapping : null;

        public string? Scalar(string key) => TryGetValue(key, out var value) ? value as string : null;

        /// <summary>A sequence of scalars: block items, a flow <c>[a, b]</c>, or a single scalar as a one-item list.</summary>
        public IReadOnlyList<string>? Sequence(string key) => TryGetValue(key, out var value)
            ? value switch
            {
                List<string> items => items,
                string flow when flow.StartsWith('[') && flow.EndsWith(']') =>
                    flow[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote).ToList(),
                string single => [single],
                _ => null,
            }
            : null;
    }

    /// <summary>The file's top-level mapping; empty when the file does not exist.</summary>
    public static Mapping Read(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : new Mapping();

    public static Mapping Parse(string text)
    {
        var root = new Mapping();
        var open = new Stack<(int Indent, Mapping Map)>();
        open.Push((-1, root));
        var skipDeeperThan = int.MaxValue;
        // The last key with an empty value: block sequence items (at its indent or deeper) belong to it.
        (int Indent, Mapping Parent, string Key)? pendingKey = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ', '\t');
            var content = line.TrimStart(' ');
            var indent = line.Length - content.Length;
            if (content.Length == 0 || content[0] == '#' || content.StartsWith("---", StringComparison.Ordinal))
                continue;
            if (indent > skipDeeperThan)
                continue;
            skipDeeperThan = int.MaxValue;
            if (content[0] == '-')
            {
                var item = content[1..].Trim();
                if (pendingKey is { } owner && indent >= owner.Indent && item.Length > 0 && KeySeparator(item) < 0)
                {
                    // A scalar item: the owning key holds a list rather than a mapping.
                    if (owner.Parent[owner.Key] is not List<string> items)
                        owner.Parent[owner.Key] = items = [];
                    items.Add(ScalarValue(item));
                    continue;
                }
                // A mapping inside a sequence and anything nested in it: not part of the subset.
                skipDeeperThan = indent;
                continue;
            }
            pendingKey = null;
            var colon = KeySeparator(content);
            if (colon < 0)
                continue;
            while (open.Peek().Indent >= indent)
                open.Pop();
            var key = Unquote(content[..colon].Trim());
            var value = ScalarValue(content[(colon + 1)..]);
            var parent = open.Peek().Map;
            if (value.Length == 0)
            {
                var child = new Mapping();
                parent[key] = child;
                open.Push((indent, child));
                pendingKey = (indent, parent, key);
            }
            else
            {
                parent[key] = value;
            }
        }
        return root;
    }

    /// <summary>The index of the <c>:</c> that ends the key (followed by a space or the end of the line).</summary>
    private static int KeySeparator(string content)
    {
        var quote = content[0] is '"' or '\'' ? content[0] : '\0';
        var start = quote == '\0' ? 0 : Math.Max(content.IndexOf(quote, 1), 0);
        for (var i = start; i < content.Length; i++)
            if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
                return i;
        return -1;
    }

    private static string ScalarValue(string rest)
    {
        var value = rest.Trim();
        if (value.Length == 0)
            return value;
        if (value[0] is '"' or '\'')
            return Unquote(value);
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }

    private static string Unquote(string value)
    {
        if (value.Length == 0 || value[0] is not ('"' or '\''))
            return value;
        var quote = value[0];
        var text = new System.Text.StringBuilder();
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (quote == '"' && c == '\\' && i + 1 < value.Length)
                text.Append(value[++i]);
            else if (c != quote)
                text.Append(c);
            else if (quote == '\'' && i + 1 < value.Length && value[i + 1] == '\'')
                text.Append(value[++i]); // single-quoted YAML escapes a quote by doubling it
            else
                break;
        }
        return text.ToString();
    }
}
