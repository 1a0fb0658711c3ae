using System.Text.Json.Nodes;
using Flyte.Types.Offloaded;

namespace Flyte.Types.Records;

/// <summary>
/// How a record's JSON schema describes a file, directory or dataset field: as mashumaro's <c>on_dataclass</c> describes
/// flytekit's own dataclasses (mashumaro ignores their <c>SerializableType</c> form when building schemas), with their
/// field names rather than .NET property names:
/// <list type="bullet">
/// <item><c>FlyteFile</c>: <c>path: Union[str, os.PathLike] = None</c>, <c>metadata: Optional[dict[str, str]] = None</c>;</item>
/// <item><c>FlyteDirectory</c>: <c>path: Union[str, os.PathLike] = None</c>;</item>
/// <item><c>StructuredDataset</c>: <c>uri: Optional[str] = None</c>, <c>file_format: Optional[str] = ""</c>.</item>
/// </list>
/// </summary>
internal static class OffloadedSchemas
{
    /// <summary>flytekit's schema of the type, or null when it is not a file, directory or dataset.</summary>
    public static JsonObject? Of(Type type)
    {
        if (typeof(FlyteFile).IsAssignableFrom(type))
            return Dataclass("FlyteFile", ("path", Path()), ("metadata", Default(RecordSchema.OrNull(StringMap()), null)));
        if (typeof(FlyteDirectory).IsAssignableFrom(type))
            return Dataclass("FlyteDirectory", ("path", Path()));
        if (typeof(FlyteDataset).IsAssignableFrom(type))
            return Dataclass("StructuredDataset", ("uri", Default(RecordSchema.OrNull(String()), null)), ("file_format", Default(RecordSchema.OrNull(String()), "")));
        return null;
    }

    // Union[str, os.PathLike] = None: on_pathlike is a string of format "path".
    private static JsonObject Path() => Default(new JsonObject
    {
        ["anyOf"] = new JsonArray(String(), new JsonObject { ["type"] = "string", ["format"] = "path" }),
    }, null);

    private static JsonObject String() => new() { ["type"] = "string" };

    private static JsonObject StringMap() => new() { ["type"] = "object", ["additionalProperties"] = String(), ["propertyNames"] = String() };

    private static JsonObject Default(JsonObject schema, string? value)
    {
        schema["default"] = value;
        return schema;
    }

    // Every field has a default, so there is no "required".
    private static JsonObject Dataclass(string title, params (string Name, JsonObject Schema)[] fields)
    {
        var properties = new JsonObject();
        foreach (var (name, schema) in fields) properties[name] = schema;
        return new JsonObject { ["type"] = "object", ["title"] = title, ["properties"] = properties, ["additionalProperties"] = false };
    }
}
