using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;
using Flyte.Types.Nested;
using Flyte.Types.Records;

namespace Flyte.Types.Json;

/// <summary>Writes JSON as msgpack following a JSON schema (the metadata of a record type), collecting every mismatch.</summary>
internal sealed class SchemaWriter(JsonNode root, List<FieldMismatch> errors)
{
    private void Fail(string path, string expected, JsonElement json) =>
        errors.Add(new FieldMismatch(path, FieldMismatchKind.Mistyped, $"expected {expected}, found {LiteralJson.Kind(json)}"));

    /// <summary>Whether <paramref name="json"/> fits <paramref name="schema"/> (no output, no errors recorded).</summary>
    private bool Fits(JsonElement json, JsonNode? schema)
    {
        var probe = new List<FieldMismatch>();
        var writer = new MessagePackWriter(new System.Buffers.ArrayBufferWriter<byte>());
        new SchemaWriter(root, probe).Write(ref writer, json, schema, "");
        return probe.Count == 0;
    }

    public void Write(ref MessagePackWriter w, JsonElement json, JsonNode? schema, string path)
    {
        schema = Resolve(schema);
        if (schema is not JsonObject s)
        {
            if (schema is JsonValue v && v.GetValueKind() == JsonValueKind.False) Fail(path, "nothing (false schema)", json);
            MessagePackJson.Write(ref w, json);   // true / {}: any JSON
            return;
        }
        if (s["enum"] is JsonArray options)
        {
            if (!options.Any(o => JsonNode.DeepEquals(o, JsonSerializer.SerializeToNode(json))))
                Fail(path, "one of " + options.ToJsonString(), json);
            MessagePackJson.Write(ref w, json);
            return;
        }
        if ((s["anyOf"] ?? s["oneOf"]) is JsonArray variants)
        {
            // Optional[T] (anyOf [T, {"type": "null"}]): a non-null value is T's, with T's detailed mismatches.
            var some = variants.Where(v => !(v is JsonObject { Count: 1 } n && n["type"] is JsonValue t && t.GetValue<string>() == "null")).ToArray();
            if (some.Length == 1 && variants.Count == 2)
            {
                if (json.ValueKind == JsonValueKind.Null) w.WriteNil();
                else Write(ref w, json, some[0], path);
                return;
            }
            foreach (var variant in variants)
                if (Fits(json, variant))
                {
                    Write(ref w, json, variant, path);
                    return;
                }
            Fail(path, "a value matching one of " + variants.Count + " schemas", json);
            w.WriteNil();
            return;
        }
        var types = s["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToArray(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        if (types.Length == 0)
        {
            MessagePackJson.Write(ref w, json);
            return;
        }
        if (json.ValueKind == JsonValueKind.Null && types.Contains("null"))
        {
            w.WriteNil();
            return;
        }
        foreach (var type in types)
            switch (type)
            {
                case "integer" when json.ValueKind == JsonValueKind.Number:
                    if (json.TryGetInt64(out var l)) w.Write(l);
                    else if (json.TryGetDouble(out var d) && Math.Floor(d) == d && Math.Abs(d) < 9e18) w.Write((long)d);
                    else
                    {
                        Fail(path, "an integer", json);
                        w.WriteNil();
                    }
                    return;
                case "number" when json.ValueKind == JsonValueKind.Number:
                    w.Write(json.GetDouble());   // Python float: always float64, even for a JSON 1
                    return;
                case "string" when json.ValueKind == JsonValueKind.String:
                    w.WriteString(json.GetString()!);
                    return;
                case "boolean" when json.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    w.Write(json.GetBoolean());
                    return;
                case "array" when json.ValueKind == JsonValueKind.Array:
                {
                    w.WriteArrayHeader(json.GetArrayLength());
                    var i = 0;
                    foreach (var item in json.EnumerateArray()) Write(ref w, item, s["items"], LiteralJson.Join(path, $"[{i++}]"));
                    return;
                }
                case "object" when json.ValueKind == JsonValueKind.Object:
                    WriteObject(ref w, json, s, path);
                    return;
            }
        Fail(path, string.Join(" or ", types), json);
        w.WriteNil();
    }

    private void WriteObject(ref MessagePackWriter w, JsonElement json, JsonObject schema, string path)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var closed = additional is JsonValue v && v.GetValueKind() == JsonValueKind.False;
        var kept = json.EnumerateObject().Where(p => !closed || properties?.ContainsKey(p.Name) == true).ToList();
        // Extra keys of a record are dropped, as mashumaro ignores them.
        w.WriteMapHeader(kept.Count);
        var integerKeys = schema["propertyNames"] is JsonObject names && names["type"] is JsonValue keyType && keyType.GetValue<string>() == "integer";
        foreach (var property in kept)
        {
            // propertyNames {"type": "integer"} (mashumaro's Dict[int, …]): JSON keys are text, msgpack keys are integers.
            if (integerKeys && long.TryParse(property.Name, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var key)) w.Write(key);
            else
            {
                if (integerKeys)
                    errors.Add(new FieldMismatch(LiteralJson.Join(path, $"[{JsonSerializer.Serialize(property.Name)}]"), FieldMismatchKind.Mistyped, "expected an integer key"));
                w.WriteString(property.Name);
            }
            var fieldSchema = properties is not null && properties.TryGetPropertyValue(property.Name, out var ps) ? ps : additional;
            var segment = properties?.ContainsKey(property.Name) == true ? property.Name : $"[{JsonSerializer.Serialize(property.Name)}]";
            Write(ref w, property.Value, fieldSchema, LiteralJson.Join(path, segment));
        }
        if (schema["required"] is JsonArray required)
            foreach (var name in required.Select(r => r!.GetValue<string>()))
                if (!json.TryGetProperty(name, out _))
                    errors.Add(new FieldMismatch(LiteralJson.Join(path, name), FieldMismatchKind.Missing, "required field is missing"));
    }

    /// <summary>Follows <c>$ref</c> JSON pointers into the root schema (System.Text.Json uses them for recursive types).</summary>
    private JsonNode? Resolve(JsonNode? schema)
    {
        for (var hops = 0; hops < 32 && schema is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
        {
            var pointer = reference.GetValue<string>();
            if (!pointer.StartsWith('#')) return null;
            JsonNode? target = root;
            foreach (var part in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = part.Replace("~1", "/").Replace("~0", "~");
                target = target is JsonObject o ? o[key] : target is JsonArray a && int.TryParse(key, out var i) ? a[i] : null;
            }
            schema = target;
        }
        return schema;
    }
}
