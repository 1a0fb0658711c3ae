namespace Flyte.Compatibility;

/// <summary>
/// Whether every value an upstream JSON schema admits is admitted by a downstream one, for the keywords mashumaro and
/// pydantic write (draft 2020-12): propeller's "superset" check between the schemas in two STRUCT types' metadata, which
/// it delegates to json-schema-compare and where keywords that library does not implement (<c>additionalProperties</c>,
/// <c>additionalItems</c>, …) never fail the check. Annotations (<c>title</c>, <c>description</c>, <c>default</c>,
/// <c>examples</c>, …) and unknown keywords are ignored; a <c>$ref</c> that does not resolve in its own document makes
/// the schema invalid, hence incompatible (propeller fails to compile it).
/// </summary>
public static class JsonSchemaSubset
{
    private static readonly string[] AtLeast = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
    private static readonly string[] AtMost = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
    private static readonly string[] Equal = ["format", "pattern", "multipleOf", "uniqueItems"];

    /// <summary>Whether <paramref name="downstream"/> admits every value <paramref name="upstream"/> admits.</summary>
    public static bool Admits(Struct downstream, Struct upstream)
    {
        ArgumentNullException.ThrowIfNull(downstream);
        ArgumentNullException.ThrowIfNull(upstream);
        try
        {
            return Fits(new Node(downstream, downstream), new Node(upstream, upstream), 0);
        }
        catch (UnresolvedReference)
        {
            return false;
        }
    }

    /// <summary>A schema and the document its <c>$ref</c>s resolve in.</summary>
    private sealed record Node(Struct Schema, Struct Root)
    {
        public StructValue? this[string key] => Schema.Fields.TryGetValue(key, out var v) ? v : null;

        public Node With(StructValue value) => value switch
        {
            StructValue.Object o => new Node(o.Value, Root),
            // true admits everything; false nothing (as {"not": {}}).
            StructValue.Bool { Value: true } => new Node(Struct.Empty, Root),
            StructValue.Bool => new Node(Struct.Of(("not", new StructValue.Object(Struct.Empty))), Root),
            _ => throw new UnresolvedReference(),
        };
    }

    private sealed class UnresolvedReference : Exception;

    private static Node Resolve(Node node, int depth)
    {
        while (node["$ref"] is StructValue.String reference)
        {
            if (depth++ > 64 || !reference.Value.StartsWith('#')) throw new UnresolvedReference();
            StructValue current = new StructValue.Object(node.Root);
            foreach (var part in reference.Value[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                current = current is StructValue.Object o && o.Value.Fields.TryGetValue(key, out var next) ? next : throw new UnresolvedReference();
            }
            node = node.With(current);
        }
        return node;
    }

    private static IReadOnlyList<StructValue> Branches(Node node, string keyword) =>
        node[keyword] is StructValue.List list ? list.Values : [];

    private static bool Fits(Node down, Node up, int depth)
    {
        if (depth > 64) return false;
        down = Resolve(down, depth);
        up = Resolve(up, depth);
        if (down.Schema == up.Schema) return true;
        if (up["not"] is StructValue.Object { Value.Fields.Count: 0 }) return true; // upstream admits nothing

        // Alternatives: every upstream branch must fit; the downstream needs one branch that takes it.
        foreach (var keyword in new[] { "anyOf", "oneOf" })
            if (Branches(up, keyword) is { Count: > 0 } ups)
                return ups.All(u => Fits(down, Strip(up, keyword).With(u), depth + 1) || Fits(down, Merge(Strip(up, keyword), up.With(u)), depth + 1));
        if (Branches(up, "allOf") is { Count: > 0 } upAll && upAll.Any(u => Fits(down, up.With(u), depth + 1)) && Fits(down, Strip(up, "allOf"), depth + 1))
            return true;
        foreach (var keyword in new[] { "anyOf", "oneOf" })
            if (Branches(down, keyword) is { Count: > 0 } downs)
                return Fits(Strip(down, keyword), up, depth + 1) && downs.Any(d => Fits(down.With(d), up, depth + 1));
        if (Branches(down, "allOf") is { Count: > 0 } downAll)
            return downAll.All(d => Fits(down.With(d), up, depth + 1)) && Fits(Strip(down, "allOf"), up, depth + 1);
        if (down["not"] is not null && up["not"] != down["not"]) return false;

        if (down["type"] is { } downType)
        {
            var admitted = Names(downType);
            if (up["type"] is not { } upType) return up["enum"] is StructValue.List e && e.Values.All(v => admitted.Any(t => Is(v, t)))
                || up["const"] is { } c && admitted.Any(t => Is(c, t));
            if (!Names(upType).All(t => admitted.Contains(t) || t == "integer" && admitted.Contains("number"))) return false;
        }
        if (down["enum"] is StructValue.List downEnum)
        {
            var values = up["enum"] is StructValue.List upEnum ? upEnum.Values.ToList() : up["const"] is { } c ? [c] : new List<StructValue>();
            if (values.Count == 0 || !values.All(downEnum.Values.Contains)) return false;
        }
        if (down["const"] is { } downConst && up["const"] != downConst && !(up["enum"] is StructValue.List { Values.Count: 1 } one && one.Values[0] == downConst))
            return false;
        foreach (var keyword in Equal)
            if (down[keyword] is { } d && up[keyword] != d) return false;
        foreach (var keyword in AtLeast)
            if (down[keyword] is StructValue.Number d && !(up[keyword] is StructValue.Number u && u.Value >= d.Value)) return false;
        foreach (var keyword in AtMost)
            if (down[keyword] is StructValue.Number d && !(up[keyword] is StructValue.Number u && u.Value <= d.Value)) return false;

        if (down["required"] is StructValue.List required)
        {
            var upRequired = up["required"] is StructValue.List r ? r.Values : [];
            if (!required.Values.All(upRequired.Contains)) return false;
        }
        if (down["properties"] is StructValue.Object downProperties)
        {
            var upProperties = up["properties"] is StructValue.Object p ? p.Value.Fields : ValueMap<StructValue>.Empty;
            foreach (var (name, schema) in downProperties.Value.Fields)
                if (!upProperties.TryGetValue(name, out var upSchema) || !Fits(down.With(schema), up.With(upSchema), depth + 1)) return false;
        }
        if (down["items"] is { } downItems)
        {
            if (up["items"] is not { } upItems || !Fits(down.With(downItems), up.With(upItems), depth + 1)) return false;
        }
        if (down["prefixItems"] is StructValue.List downPrefix)
        {
            var upPrefix = up["prefixItems"] is StructValue.List l ? l.Values : [];
            if (upPrefix.Count < downPrefix.Values.Count) return false;
            for (var i = 0; i < downPrefix.Values.Count; i++)
                if (!Fits(down.With(downPrefix.Values[i]), up.With(upPrefix[i]), depth + 1)) return false;
        }
        return true;
    }

    private static Node Strip(Node node, string keyword) => node with { Schema = new Struct(new ValueMap<StructValue>(node.Schema.Fields.Where(kv => kv.Key != keyword))) };

    // The branch read with its siblings (pydantic puts "default"/"title" beside anyOf; a sibling "type" narrows the branch).
    private static Node Merge(Node siblings, Node branch)
    {
        var fields = siblings.Schema.Fields;
        foreach (var (key, value) in branch.Schema.Fields) fields = fields.SetItem(key, value);
        return branch with { Schema = new Struct(fields) };
    }

    private static HashSet<string> Names(StructValue type) => type switch
    {
        StructValue.String s => [s.Value],
        StructValue.List l => l.Values.OfType<StructValue.String>().Select(s => s.Value).ToHashSet(),
        _ => [],
    };

    private static bool Is(StructValue value, string type) => (value, type) switch
    {
        (StructValue.Null, "null") => true,
        (StructValue.Bool, "boolean") => true,
        (StructValue.String, "string") => true,
        (StructValue.Number, "number") => true,
        (StructValue.Number n, "integer") => double.IsInteger(n.Value),
        (StructValue.Object, "object") => true,
        (StructValue.List, "array") => true,
        _ => false,
    };
}
