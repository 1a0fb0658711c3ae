namespace Flyte.Compatibility;

/// <summary>
/// The type rules of the Flyte compiler (propeller's <c>AreTypesCastable</c>) and the value rules that follow from them.
/// <see cref="IsAssignable"/> answers "may an output of type <c>from</c> feed an input of type <c>to</c>";
/// <see cref="IsInstance(Literal, LiteralType)"/> answers "is this literal a value of this type".
/// </summary>
/// <remarks>
/// <para><see cref="IsAssignable"/> follows flytepropeller's <c>compiler/validators/typing.go</c> (flyte 1.16) rule for rule;
/// docs/types.md ("Castability") lists the rules. Where the compiler calls a library, the choice made here:</para>
/// <list type="bullet">
/// <item>STRUCT ⇐ STRUCT with JSON schemas on both sides: equal schemas, else <see cref="JsonSchemaSubset.Admits"/> (our
/// reading of the json-schema-compare superset check propeller runs).</item>
/// <item><see cref="IsAssignable"/> ignores blob dimensionality, as the compiler does; <see cref="IsInstance(Literal, LiteralType)"/>
/// checks it, since a file is not a directory.</item>
/// </list>
/// </remarks>
public static class TypeCompatibility
{
    /// <summary>Whether a value of type <paramref name="from"/> (upstream) may be used where <paramref name="to"/> (downstream) is expected.</summary>
    public static CompatibilityResult IsAssignable(LiteralType from, LiteralType to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var mismatches = new List<TypeMismatch>();
        Assignable(from, to, "", mismatches);
        return mismatches.Count == 0 ? CompatibilityResult.Compatible : CompatibilityResult.Incompatible(mismatches);
    }

    /// <summary>Whether <paramref name="literal"/> is a value of <paramref name="type"/>.</summary>
    public static CompatibilityResult IsInstance(Literal literal, LiteralType type)
    {
        ArgumentNullException.ThrowIfNull(literal);
        ArgumentNullException.ThrowIfNull(type);
        var mismatches = new List<TypeMismatch>();
        Instance(literal, type, "", mismatches);
        return mismatches.Count == 0 ? CompatibilityResult.Compatible : CompatibilityResult.Incompatible(mismatches);
    }

    /// <summary>
    /// Whether <paramref name="literals"/> (e.g. a task's inputs) holds exactly the named values of <paramref name="types"/>:
    /// every name present and of its type, no name that is not declared. Paths start at the names.
    /// </summary>
    public static CompatibilityResult IsInstance(LiteralMap literals, IReadOnlyDictionary<string, LiteralType> types)
    {
        ArgumentNullException.ThrowIfNull(literals);
        ArgumentNullException.ThrowIfNull(types);
        var mismatches = new List<TypeMismatch>();
        foreach (var (name, type) in types.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (literals.Literals.TryGetValue(name, out var value)) Instance(value, type, TypePath.Key("", name), mismatches);
            else mismatches.Add(new(TypePath.Key("", name), type.ToString(), "nothing", "the value is missing"));
        }
        foreach (var (name, value) in literals.Literals)
            if (!types.ContainsKey(name)) mismatches.Add(new(TypePath.Key("", name), "nothing", value.ToString(), "no such name is declared"));
        return mismatches.Count == 0 ? CompatibilityResult.Compatible : CompatibilityResult.Incompatible(mismatches);
    }

    private static bool Fails(List<TypeMismatch> mismatches, string path, LiteralType expected, object found, string reason)
    {
        mismatches.Add(new(path, Shorten(expected.ToString()), Shorten(found.ToString() ?? ""), reason));
        return false;
    }

    // A mismatch report names the place; it need not print a whole dataset.
    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static bool Check(Func<List<TypeMismatch>, bool> check) => check(new List<TypeMismatch>());

    // ---------------------------------------------------------------- types

    // propeller's AreTypesCastable: a single-variant union upstream may stand for its variant (tried first); then the
    // downstream kind's checker decides.
    private static bool Assignable(LiteralType from, LiteralType to, string path, List<TypeMismatch> m)
    {
        if (from.Type is UnionType { Variants.Count: 1 } single && Check(x => CastsFrom(to, single.Variants[0], path, x))) return true;
        return CastsFrom(to, from, path, m);
    }

    // propeller's getTypeChecker(to).CastsFrom(from). Nested element, value and column types recurse here, not through
    // Assignable, so a single-variant union is unwrapped only at the top and inside union variants, as in propeller.
    private static bool CastsFrom(LiteralType to, LiteralType from, string path, List<TypeMismatch> m) => to.Type switch
    {
        UnionType union => AssignableToUnion(from, to, union, path, m),
        TypeKind.Simple { Type: SimpleType.None } => IsNone(from) || Fails(m, path, to, from, "only NONE is assignable to NONE"),
        TypeKind.CollectionType c => from.Type is TypeKind.CollectionType fc
            ? IsNone(fc.ElementType) || CastsFrom(c.ElementType, fc.ElementType, TypePath.AnyIndex(path), m)
            : Fails(m, path, to, from, "a collection is expected"),
        TypeKind.MapValueType v => from.Type is TypeKind.MapValueType fv
            ? IsNone(fv.ValueType) || CastsFrom(v.ValueType, fv.ValueType, TypePath.AnyKey(path), m)
            : Fails(m, path, to, from, "a map is expected"),
        BlobType blob => from.Type is BlobType fb
            ? FormatsMatch(fb.Format, blob.Format, StringComparison.Ordinal) || Fails(m, path, to, from, "blob formats differ and neither is empty")
            : Fails(m, path, to, from, "a blob is expected"),
        StructuredDatasetType dataset => from.Type switch
        {
            TypeKind.Simple { Type: SimpleType.None } => true,
            StructuredDatasetType fd => DatasetAssignable(fd, dataset, path, to, from, m),
            SchemaType fs => SchemaToDataset(fs, dataset) || Fails(m, path, to, from, "a legacy schema feeds only a parquet dataset with matching columns"),
            _ => Fails(m, path, to, from, "a structured dataset is expected"),
        },
        SchemaType schema => from.Type switch
        {
            SchemaType fs => SchemaColumnsFit(fs, schema) || Fails(m, path, to, from, "a downstream schema column is missing or has another type upstream"),
            StructuredDatasetType fd => DatasetToSchema(fd, schema) || Fails(m, path, to, from, "only a parquet dataset with matching columns feeds a legacy schema"),
            _ => Fails(m, path, to, from, "a schema is expected"),
        },
        _ => AssignableTrivially(from, to, path, m),
    };

    private static bool IsNone(LiteralType type) => type.Type is TypeKind.Simple { Type: SimpleType.None };

    private static string Tag(LiteralType type) => type.Structure?.Tag ?? "";

    private static bool FormatsMatch(string a, string b, StringComparison comparison) =>
        a.Length == 0 || b.Length == 0 || string.Equals(a, b, comparison);

    // propeller's trivialChecker: simple and enum downstream types.
    private static bool AssignableTrivially(LiteralType from, LiteralType to, string path, List<TypeMismatch> m)
    {
        if (from.Type is EnumType && to.Type is TypeKind.Simple { Type: SimpleType.String }) return true;
        if (to.Type is EnumType && from.Type is TypeKind.Simple { Type: SimpleType.String }) return true;
        if (Tag(from).Length > 0 && Tag(from) != Tag(to))
            return Fails(m, path, to, from, $"the tag \"{Tag(from)}\" differs from \"{Tag(to)}\"");
        if (from.Type is TypeKind.Simple { Type: SimpleType.Struct } && to.Type is TypeKind.Simple { Type: SimpleType.Struct })
            return from.Metadata is null || to.Metadata is null || from.Metadata == to.Metadata || JsonSchemaSubset.Admits(to.Metadata, from.Metadata)
                || Fails(m, path, to, from, "the JSON schemas differ: the upstream schema admits values the downstream one does not");
        return from.Type == to.Type || Fails(m, path, to, from, "the types differ");
    }

    // propeller's unionTypeChecker: a union upstream (of any number of variants, none included) needs every variant
    // castable to some downstream variant; any other upstream must be castable to exactly one.
    private static bool AssignableToUnion(LiteralType from, LiteralType to, UnionType union, string path, List<TypeMismatch> m)
    {
        if (from.Type is UnionType fromUnion)
        {
            var ok = true;
            for (var i = 0; i < fromUnion.Variants.Count; i++)
            {
                var variant = fromUnion.Variants[i];
                if (!union.Variants.Any(d => Check(x => Assignable(variant, d, path, x))))
                    ok = Fails(m, path, to, variant, $"upstream variant {i} fits no downstream variant");
            }
            return ok;
        }
        var matches = union.Variants.Count(d => Check(x => Assignable(from, d, path, x)));
        return matches switch
        {
            1 => true,
            0 => Fails(m, path, to, from, "it fits no variant of the union"),
            _ => Fails(m, path, to, from, $"it fits {matches} variants of the union, so the choice is ambiguous"),
        };
    }

    private static bool DatasetAssignable(StructuredDatasetType from, StructuredDatasetType to, string path, LiteralType toType, LiteralType fromType, List<TypeMismatch> m)
    {
        if (!FormatsMatch(from.Format, to.Format, StringComparison.OrdinalIgnoreCase))
            return Fails(m, path, toType, fromType, "dataset formats differ and neither is empty");
        if (from.Columns.Count == 0 || to.Columns.Count == 0) return true;
        var ok = true;
        foreach (var column in to.Columns)
        {
            var upstream = from.Columns.LastOrDefault(c => c.Name == column.Name); // propeller's name map: the last column of a name wins
            var columnPath = TypePath.Key(path, column.Name);
            if (upstream is null) ok = Fails(m, columnPath, column.LiteralType, "nothing", "the downstream column is missing upstream");
            else ok &= CastsFrom(column.LiteralType, upstream.LiteralType, columnPath, m);
        }
        return ok;
    }

    // Upstream columns by name, the last of a name winning (propeller builds a map).
    private static bool SchemaColumnsFit(SchemaType from, SchemaType to) =>
        from.Columns.Count == 0 || to.Columns.Count == 0
        || to.Columns.All(c => from.Columns.LastOrDefault(u => u.Name == c.Name) is { } u && u.Type == c.Type);

    private static bool IsParquet(string format) => FormatsMatch(format, "parquet", StringComparison.OrdinalIgnoreCase);

    private static SimpleType ToSimple(SchemaColumnType type) => type switch
    {
        SchemaColumnType.Integer => SimpleType.Integer,
        SchemaColumnType.Float => SimpleType.Float,
        SchemaColumnType.String => SimpleType.String,
        SchemaColumnType.Boolean => SimpleType.Boolean,
        SchemaColumnType.Datetime => SimpleType.Datetime,
        _ => SimpleType.Duration,
    };

    private static bool SchemaToDataset(SchemaType from, StructuredDatasetType to) =>
        IsParquet(to.Format) && (from.Columns.Count == 0 || to.Columns.Count == 0
            || to.Columns.All(c => from.Columns.LastOrDefault(u => u.Name == c.Name) is { } u && c.LiteralType.Type == new TypeKind.Simple(ToSimple(u.Type))));

    private static bool DatasetToSchema(StructuredDatasetType from, SchemaType to) =>
        IsParquet(from.Format) && (from.Columns.Count == 0 || to.Columns.Count == 0
            || to.Columns.All(c => from.Columns.LastOrDefault(u => u.Name == c.Name) is { } u && u.LiteralType.Type == new TypeKind.Simple(ToSimple(c.Type))));

    // ---------------------------------------------------------------- values

    private static bool Instance(Literal literal, LiteralType type, string path, List<TypeMismatch> m)
    {
        switch (literal.Value)
        {
            case LiteralOffloadedMetadata offloaded:
                return Assignable(offloaded.InferredType, type, path, m);
            case Union union when type.Type is not UnionType:
                // The compiler sees a union literal as a single-variant union of its stored type, which it unwraps.
                return Assignable(union.Type, type, path, m) && Instance(union.Value, union.Type, path, m);
        }
        switch (type.Type)
        {
            case UnionType unionType:
                return InstanceOfUnion(literal, type, unionType, path, m);
            case TypeKind.CollectionType c:
                if (literal.Value is not LiteralCollection collection) return Fails(m, path, type, literal, "a collection is expected");
                var ok = true;
                for (var i = 0; i < collection.Literals.Count; i++) ok &= Instance(collection.Literals[i], c.ElementType, TypePath.Index(path, i), m);
                return ok;
            case TypeKind.MapValueType v:
                if (literal.Value is not LiteralMap map) return Fails(m, path, type, literal, "a map is expected");
                var all = true;
                foreach (var (key, value) in map.Literals) all &= Instance(value, v.ValueType, TypePath.Key(path, key), m);
                return all;
        }
        if (literal.Value is not Scalar scalar) return Fails(m, path, type, literal, "a single value (scalar) is expected");
        return (scalar, type.Type) switch
        {
            (Void, TypeKind.Simple { Type: SimpleType.None }) => true,
            // The compiler lets NONE feed a structured dataset ("structured datasets are nullable"), so a void value fits one.
            (Void, StructuredDatasetType) => true,
            (Primitive.StringValue s, EnumType e) => e.Values.Contains(s.Value) || Fails(m, path, type, literal, "the string is not one of the enum's values"),
            (Primitive p, TypeKind.Simple { Type: var simple }) => SimpleOf(p) == simple || Fails(m, path, type, literal, $"a {SimpleOf(p).ToString().ToUpperInvariant()} value is not a {simple.ToString().ToUpperInvariant()}"),
            (Binary b, TypeKind.Simple { Type: var simple }) => (b.Tag == Binary.MessagePackTag ? SimpleType.Struct : SimpleType.Binary) == simple
                || Fails(m, path, type, literal, b.Tag == Binary.MessagePackTag ? "msgpack binary is a STRUCT" : "untagged binary is BINARY"),
            (Generic, TypeKind.Simple { Type: SimpleType.Struct }) => true,
            (Error, TypeKind.Simple { Type: SimpleType.Error }) => true,
            (Blob b, BlobType t) => BlobInstance(b.Metadata.Type, t, path, type, literal, m),
            (StructuredDataset d, StructuredDatasetType t) => d.Metadata is null
                || DatasetAssignable(d.Metadata.StructuredDatasetType, t, path, type, new LiteralType(d.Metadata.StructuredDatasetType), m),
            (Schema s, SchemaType or StructuredDatasetType) => Assignable(new LiteralType(s.Type), type, path, m),
            _ => Fails(m, path, type, literal, "the value is of another kind"),
        };
    }

    private static SimpleType SimpleOf(Primitive primitive) => primitive switch
    {
        Primitive.Integer => SimpleType.Integer,
        Primitive.FloatValue => SimpleType.Float,
        Primitive.StringValue => SimpleType.String,
        Primitive.Boolean => SimpleType.Boolean,
        Primitive.Datetime => SimpleType.Datetime,
        _ => SimpleType.Duration,
    };

    private static bool BlobInstance(BlobType found, BlobType expected, string path, LiteralType type, Literal literal, List<TypeMismatch> m)
    {
        if (!FormatsMatch(found.Format, expected.Format, StringComparison.Ordinal))
            return Fails(m, path, type, literal, "blob formats differ and neither is empty");
        return found.Dimensionality == expected.Dimensionality
            || Fails(m, path, type, literal, found.Dimensionality == BlobDimensionality.Single ? "a file is not a directory" : "a directory is not a file");
    }

    private static bool InstanceOfUnion(Literal literal, LiteralType type, UnionType union, string path, List<TypeMismatch> m)
    {
        if (literal.Value is Union u)
        {
            var candidates = union.Variants.Where(v => Tag(v) == Tag(u.Type) && Check(x => Assignable(u.Type, v, path, x))).ToList();
            if (candidates.Count == 0)
                return Fails(m, path, type, u.Type, $"the stored type (tag \"{Tag(u.Type)}\") matches no variant by tag and type");
            if (candidates.Any(v => Check(x => Instance(u.Value, v, path, x)))) return true;
            return Instance(u.Value, candidates[0], path, m);
        }
        if (literal.Value is Void && union.Variants.Any(IsNone)) return true;
        var matches = union.Variants.Count(v => Check(x => Instance(literal, v, path, x)));
        return matches switch
        {
            1 => true,
            0 => Fails(m, path, type, literal, "the bare value fits no variant of the union"),
            _ => Fails(m, path, type, literal, $"the bare value fits {matches} variants of the union, so the choice is ambiguous"),
        };
    }
}
