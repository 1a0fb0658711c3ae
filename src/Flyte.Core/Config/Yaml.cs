using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Flyte.Config;

/// <summary>
/// YAML documents (flytectl's <c>config.yaml</c>, <c>flyte run --inputs-file</c>) read with YamlDotNet. Full YAML 1.2:
/// block and flow collections, anchors and aliases, multi-line scalars, comments. A document that does not parse is a
/// <see cref="FormatException"/> whose message starts with the line (and column) of the problem.
/// </summary>
public static partial class Yaml
{
    /// <summary>How deep collections may nest; deeper documents are refused rather than risking the stack.</summary>
    public const int MaxDepth = 512;

    /// <summary>The first document of <paramref name="text"/>; null when the text holds none (empty, or comments only).</summary>
    /// <exception cref="FormatException">The text is not YAML; the message names the line.</exception>
    public static YamlNode? Load(string text)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}, column {e.Start.Column}: {Reason(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner gives up on some malformed input without a position: report the last place it read.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new FormatException($"line {at.Line}, column {at.Column}: not valid YAML after this point.", e);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>
    /// The JSON a YAML node stands for, with the YAML 1.2 core schema's scalars: plain <c>null</c>/<c>~</c>/empty →
    /// null, <c>true</c>/<c>false</c> → booleans, integers (decimal, <c>0x</c>, <c>0o</c>) and finite floats → numbers;
    /// quoted scalars, <c>!!str</c> and everything else → strings. Mapping keys are taken as text.
    /// </summary>
    /// <exception cref="FormatException">A key is a collection, or the nesting is deeper than <see cref="MaxDepth"/>.</exception>
    public static JsonNode? ToJson(YamlNode? node) => node is null ? null : ToJson(node, 0);

    /// <summary>The JSON <paramref name="text"/>'s first document stands for (see <see cref="ToJson(YamlNode?)"/>).</summary>
    /// <exception cref="FormatException">The text is not YAML; the message names the line.</exception>
    public static JsonNode? ParseJson(string text) => ToJson(Load(text));

    /// <summary>The text of a scalar node, or null for a collection.</summary>
    public static string? Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : null;

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
            throw new FormatException($"line {node.Start.Line}: collections nest deeper than {MaxDepth} levels.");
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = Text(key) ?? throw new FormatException($"line {key.Start.Line}, column {key.Start.Column}: a mapping key must be a scalar.");
                    obj[name] = ToJson(value, depth + 1);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children) array.Add(ToJson(item, depth + 1));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new FormatException($"line {node.Start.Line}: unsupported YAML node {node.NodeType}.");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || scalar.Tag is { IsEmpty: false, IsNonSpecific: false, Value: "tag:yaml.org,2002:str" }) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (DecimalInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text[2..].All(c => c is >= '0' and <= '7'))
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }

    /// <summary>YamlDotNet's message without its "(Line: …) - (Line: …): " prefix, which the caller already gives.</summary>
    private static string Reason(YamlException e)
    {
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var start = message.IndexOf("): ", StringComparison.Ordinal);
        return start >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(start + 3)..] : message;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
