using YamlDotNet.RepresentationModel;

namespace Flyte.Config;

/// <summary>
/// The text of flytectl's <c>config.yaml</c> for <see cref="FlyteConfig"/> (read with YamlDotNet through <see cref="Yaml"/>) as nested mappings of scalar text,
/// with sequences of scalars (the admin section's <c>scopes</c>); sequences of mappings are not needed and left out.
/// </summary>
internal static class FlyteConfigFile
{
    /// <summary>A mapping: each value is a <see cref="string"/> or another mapping.</summary>
    internal sealed class Mapping : Dictionary<string, object>
    {
        /// <summary>An empty mapping.</summary>
        public Mapping()
            : base(StringComparer.Ordinal)
        {
        }

        /// <summary>The mapping under <paramref name="key"/>, or null.</summary>
        public Mapping? Section(string key) => TryGetValue(key, out var value) ? value as Mapping : null;

        /// <summary>The scalar under <paramref name="key"/>, or null.</summary>
        public string? Scalar(string key) => TryGetValue(key, out var value) ? value as string : null;

        /// <summary>A sequence of scalars (block or flow), or a single scalar as a one-item list.</summary>
        public IReadOnlyList<string>? Sequence(string key) => TryGetValue(key, out var value)
            ? value switch
            {
                List<string> items => items,
                string single => [single],
                _ => null,
            }
            : null;
    }

    /// <summary>The file's top-level mapping; empty when the file does not exist or holds no mapping.</summary>
    /// <exception cref="FormatException">The file is not YAML; the message names the file and the line.</exception>
    public static Mapping Read(string path)
    {
        if (!File.Exists(path)) return new Mapping();
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The top-level mapping of <paramref name="text"/>; scalars keep their text, sequences of mappings are left out.</summary>
    public static Mapping Parse(string text) => Yaml.Load(text) is YamlMappingNode root ? ToMapping(root) : new Mapping();

    private static Mapping ToMapping(YamlMappingNode node)
    {
        var mapping = new Mapping();
        foreach (var (keyNode, value) in node.Children)
        {
            if (Yaml.Text(keyNode) is not { } key) continue;
            switch (value)
            {
                case YamlMappingNode child:
                    mapping[key] = ToMapping(child);
                    break;
                case YamlSequenceNode sequence when sequence.Children.All(item => item is YamlScalarNode):
                    mapping[key] = sequence.Children.Select(item => Yaml.Text(item)!).ToList();
                    break;
                case YamlScalarNode scalar:
                    mapping[key] = Yaml.Text(scalar)!;
                    break;
            }
        }
        return mapping;
    }
}
