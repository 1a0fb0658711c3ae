using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.Config;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Types.Json;

namespace Flyte.Cli;

/// <summary>
/// Turns <c>--name value</c> pairs and an inputs file into the literal inputs of an interface. Every problem is
/// collected (unknown input, missing input, bad JSON, each mismatching field with its path) before anything is reported.
/// </summary>
public static class Inputs
{
    /// <summary>
    /// The inputs of <paramref name="interface"/> from <paramref name="tokens"/> and <paramref name="inputsFile"/>; those in
    /// <paramref name="optional"/> (a launch plan's defaulted inputs) may be left out.
    /// </summary>
    /// <exception cref="UsageException">One or more inputs are bad; its details list every one.</exception>
    public static LiteralMap Parse(TypedInterface @interface, IReadOnlyList<string> tokens, string? inputsFile, IReadOnlySet<string>? optional = null)
    {
        var errors = new List<string>();
        var raw = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (inputsFile is not null)
        {
            if (!File.Exists(inputsFile)) throw new UsageException($"No such inputs file: {inputsFile}");
            try
            {
                if (ReadDocument(inputsFile) is not JsonObject all)
                    throw new UsageException($"The inputs file {inputsFile} must hold an object mapping input names to values.");
                foreach (var (name, value) in all) raw[name] = value?.DeepClone();
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw new UsageException($"Cannot read the inputs file {inputsFile}: {e.Message}");
            }
        }
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                errors.Add($"unexpected argument '{token}': inputs are given as --<name> <value>");
                continue;
            }
            var (name, value) = token.IndexOf('=') is var eq and > 2 ? (token[2..eq], token[(eq + 1)..]) : (token[2..], null);
            var variable = @interface.Input(name);
            if (variable is null)
            {
                errors.Add($"--{name}: no such input (inputs: {Describe(@interface)})");
                if (value is null && i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) i++;
                continue;
            }
            if (value is null)
            {
                var isFlag = variable.Type.Type is TypeKind.Simple { Type: SimpleType.Boolean }
                    && (i + 1 == tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal));
                if (isFlag) value = "true";
                else if (i + 1 < tokens.Count) value = tokens[++i];
                else
                {
                    errors.Add($"--{name}: needs a value ({variable.Type})");
                    continue;
                }
            }
            try
            {
                raw[name] = FromText(value, variable.Type);
            }
            catch (Exception e) when (e is JsonException or FormatException or IOException)
            {
                errors.Add($"--{name}: not valid JSON for {variable.Type}: {e.Message}");
                raw.Remove(name);
                continue;
            }
        }

        var literals = ValueMap<Literal>.Empty;
        foreach (var (name, json) in raw)
        {
            var variable = @interface.Input(name);
            if (variable is null)
            {
                if (!errors.Any(e => e.StartsWith($"--{name}:", StringComparison.Ordinal)))
                    errors.Add($"--{name}: no such input (inputs: {Describe(@interface)})");
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
                literals = literals.SetItem(name, LiteralJson.FromJson(document.RootElement, variable.Type));
            }
            catch (TypeTransformerException e) when (e.Fields.Count > 0)
            {
                foreach (var field in e.Fields)
                    errors.Add($"--{name}{PathSuffix(field.Field)}: {field.Kind.ToString().ToLowerInvariant()}, {field.Description}");
            }
            catch (TypeTransformerException e)
            {
                errors.Add($"--{name}{PathSuffix(e.Path)}: expected {e.Expected}, found {e.Found}{(e.Detail is null ? "" : ". " + e.Detail)}");
            }
        }
        foreach (var variable in @interface.Inputs)
            if (!raw.ContainsKey(variable.Name) && optional?.Contains(variable.Name) != true && !errors.Any(e => e.StartsWith($"--{variable.Name}:", StringComparison.Ordinal)))
                errors.Add($"--{variable.Name}: missing ({variable.Type})");

        if (errors.Count > 0)
            throw new UsageException($"{errors.Count} bad input(s):", errors);
        return new LiteralMap(literals);
    }

    private static string Describe(TypedInterface @interface) =>
        @interface.Inputs.Count == 0 ? "none" : string.Join(", ", @interface.Inputs.Select(v => "--" + v.Name));

    private static string PathSuffix(string path) => path.Length == 0 ? "" : path.StartsWith('[') ? path : "." + path;

    /// <summary>
    /// The JSON a command-line value stands for: strings are taken as they are; a path to an existing .json/.yaml file
    /// is read; anything else is parsed as JSON (a bare word for a datetime, duration or optional falls back to a string).
    /// </summary>
    public static JsonNode? FromText(string text, LiteralType type)
    {
        if (type.Type is TypeKind.Simple { Type: SimpleType.String }) return JsonValue.Create(text);
        if (IsDocumentPath(text) && File.Exists(text)) return ReadDocument(text);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (type.Type is TypeKind.Simple { Type: SimpleType.Datetime or SimpleType.Duration } or UnionType or EnumType)
        {
            return JsonValue.Create(text);
        }
    }

    private static bool IsDocumentPath(string text) =>
        text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>A .json file as JSON, or a .yaml/.yml file as the JSON its YAML stands for (see <see cref="Yaml.ToJson"/>).</summary>
    /// <exception cref="JsonException">A .json file is not JSON.</exception>
    /// <exception cref="FormatException">A .yaml file is not YAML; the message names the line.</exception>
    public static JsonNode? ReadDocument(string path)
    {
        var text = File.ReadAllText(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(text) : Yaml.ParseJson(text);
    }
}
