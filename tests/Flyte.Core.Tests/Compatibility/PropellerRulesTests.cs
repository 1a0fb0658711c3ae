using System.Text.Json.Nodes;
using Flyte.Compatibility;
using Flyte.Tests.Js;
using Xunit;

namespace Flyte.Tests.Compatibility;

/// <summary>
/// One test per rule of flytepropeller's <c>AreTypesCastable</c> (flyte 1.16, <c>compiler/validators/typing.go</c>), with
/// the cases of its <c>typing_test.go</c> where it has them; docs/types.md ("Castability") lists the same rules.
/// </summary>
public class PropellerRulesTests
{
    private static readonly LiteralType Int = LiteralType.Of(SimpleType.Integer);
    private static readonly LiteralType Str = LiteralType.Of(SimpleType.String);
    private static readonly LiteralType Float = LiteralType.Of(SimpleType.Float);
    private static readonly LiteralType None = LiteralType.Of(SimpleType.None);
    private static readonly LiteralType StructT = LiteralType.Of(SimpleType.Struct);

    private static bool Castable(LiteralType from, LiteralType to) => TypeCompatibility.IsAssignable(from, to).IsCompatible;
    private static LiteralType Enum(params string[] values) => new(new EnumType(values));
    private static LiteralType Blob(string format) => new(new BlobType(format, BlobDimensionality.Single));
    private static LiteralType Schema(params (string, SchemaColumnType)[] columns) =>
        new(new SchemaType(columns.Select(c => new SchemaColumn(c.Item1, c.Item2)).ToValueList()));
    private static LiteralType Dataset(string format, params (string, LiteralType)[] columns) =>
        new(new StructuredDatasetType(columns.Select(c => new DatasetColumn(c.Item1, c.Item2)).ToValueList(), format));
    private static LiteralType WithSchema(string json) => StructT with { Metadata = ToStruct(JsonNode.Parse(json)!.AsObject()) };

    private static Struct ToStruct(JsonObject json) => new(new ValueMap<StructValue>(json.Select(kv => KeyValuePair.Create(kv.Key, ToValue(kv.Value)))));

    private static StructValue ToValue(JsonNode? node) => node switch
    {
        null => new StructValue.Null(),
        JsonObject o => new StructValue.Object(ToStruct(o)),
        JsonArray a => new StructValue.List(a.Select(ToValue).ToValueList()),
        JsonValue v when v.TryGetValue<bool>(out var b) => new StructValue.Bool(b),
        JsonValue v when v.TryGetValue<string>(out var s) => new StructValue.String(s),
        _ => new StructValue.Number(node.GetValue<double>()),
    };

    [Fact]
    public void Trivial_simple_types_cast_only_to_the_same_simple_type_metadata_and_annotations_ignored()
    {
        Assert.True(Castable(Int, Int));
        Assert.False(Castable(Int, Float));
        Assert.False(Castable(Float, Int));
        Assert.False(Castable(None, Int)); // non-optional types are not nullable
        Assert.True(Castable(Int with { Metadata = Struct.Of(("k", new StructValue.String("v"))) }, Int));
        Assert.True(Castable(Int with { Annotation = new TypeAnnotation(Struct.Of(("a", new StructValue.Bool(true)))) }, Int));
        Assert.False(Castable(LiteralType.CollectionOf(Int), Int));
    }

    [Fact]
    public void Trivial_enums_cast_to_and_from_STRING_and_to_an_identical_enum_only()
    {
        Assert.True(Castable(Enum("x", "y"), Str));
        Assert.True(Castable(Str, Enum("x", "y")));
        Assert.True(Castable(Enum("x", "y"), Enum("x", "y")));
        Assert.False(Castable(Enum("x", "y"), Enum("x", "z")));
        Assert.False(Castable(Enum("x", "y"), Enum("y", "x"))); // propeller compares the types' text: order counts
    }

    [Fact]
    public void Trivial_a_tagged_upstream_needs_the_same_downstream_tag_after_the_enum_rules()
    {
        Assert.True(Castable(Int, Int.WithTag("int")));
        Assert.False(Castable(Int.WithTag("int"), Int.WithTag("str")));
        Assert.True(Castable(Enum("x").WithTag("e"), Str)); // the enum → STRING rule comes before the tag check
    }

    [Fact]
    public void Trivial_STRUCT_without_a_schema_on_either_side_is_castable()
    {
        var schema = WithSchema("""{"type": "object", "properties": {"a": {"type": "integer"}}}""");
        Assert.True(Castable(StructT, StructT));
        Assert.True(Castable(StructT, schema));
        Assert.True(Castable(schema, StructT));
    }

    public static TheoryData<string, string, bool> GoldenSchemaCases()
    {
        var folder = Path.Combine(NodeScript.RepoRoot(), "tests", "Flyte.Core.Tests", "Compatibility", "Golden");
        var data = new TheoryData<string, string, bool>();
        foreach (var c in JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "cases.json")))!.AsArray())
            data.Add(c![0]!.GetValue<string>(), c[1]!.GetValue<string>(), c[2]!.GetValue<bool>());
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenSchemaCases))]
    public void Trivial_STRUCT_schemas_are_equal_or_the_upstream_one_is_a_subset_as_in_propellers_dataclass_cases(string upstream, string downstream, bool castable)
    {
        var folder = Path.Combine(NodeScript.RepoRoot(), "tests", "Flyte.Core.Tests", "Compatibility", "Golden");
        Assert.Equal(castable, Castable(WithSchema(File.ReadAllText(Path.Combine(folder, upstream))), WithSchema(File.ReadAllText(Path.Combine(folder, downstream)))));
    }

    [Fact]
    public void Trivial_STRUCT_subset_check_follows_types_required_alternatives_enums_and_refs()
    {
        // integer ⊂ number; Optional[int] admits int; an int is not an Optional[int]'s superset.
        Assert.True(Castable(WithSchema("""{"type": "integer"}"""), WithSchema("""{"type": "number"}""")));
        Assert.False(Castable(WithSchema("""{"type": "number"}"""), WithSchema("""{"type": "integer"}""")));
        Assert.True(Castable(WithSchema("""{"type": "integer"}"""), WithSchema("""{"anyOf": [{"type": "integer"}, {"type": "null"}]}""")));
        Assert.False(Castable(WithSchema("""{"anyOf": [{"type": "integer"}, {"type": "null"}]}"""), WithSchema("""{"type": "integer"}""")));
        Assert.True(Castable(WithSchema("""{"enum": ["a"]}"""), WithSchema("""{"enum": ["a", "b"]}""")));
        Assert.False(Castable(WithSchema("""{"enum": ["a", "c"]}"""), WithSchema("""{"enum": ["a", "b"]}""")));
        // pydantic's $defs: references resolve in their own document; a dangling one is an invalid schema.
        var byRef = """{"$defs": {"A": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}}, "type": "object", "properties": {"x": {"$ref": "#/$defs/A"}}, "required": ["x"]}""";
        var inline = """{"type": "object", "properties": {"x": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}}, "required": ["x"]}""";
        Assert.True(Castable(WithSchema(byRef), WithSchema(inline)));
        Assert.True(Castable(WithSchema(inline), WithSchema(byRef)));
        Assert.False(Castable(WithSchema("""{"type": "object", "properties": {"x": {"$ref": "#/$defs/Missing"}}}"""), WithSchema(inline)));
        // Keywords json-schema-compare does not implement never fail the check.
        Assert.True(Castable(WithSchema("""{"type": "object", "additionalProperties": {"type": "string"}}"""), WithSchema("""{"type": "object", "additionalProperties": {"type": "integer"}}""")));
    }

    [Fact]
    public void None_is_castable_only_from_NONE()
    {
        Assert.True(Castable(None, None));
        Assert.False(Castable(Int, None));
        Assert.False(Castable(LiteralType.UnionOf(Int, None), None));
    }

    [Fact]
    public void Collections_cast_elementwise_and_an_empty_list_of_NONE_casts_to_any_collection()
    {
        Assert.True(Castable(LiteralType.CollectionOf(Int), LiteralType.CollectionOf(Int)));
        Assert.True(Castable(LiteralType.CollectionOf(None), LiteralType.CollectionOf(Int)));
        Assert.False(Castable(LiteralType.CollectionOf(Int), LiteralType.CollectionOf(Float)));
        Assert.False(Castable(LiteralType.CollectionOf(Int), LiteralType.CollectionOf(LiteralType.CollectionOf(Int))));
        Assert.False(Castable(None, LiteralType.CollectionOf(Int))); // not nullable
    }

    [Fact]
    public void Maps_cast_valuewise_and_a_map_of_NONE_casts_to_any_map()
    {
        Assert.True(Castable(LiteralType.MapOf(Int), LiteralType.MapOf(Int)));
        Assert.True(Castable(LiteralType.MapOf(None), LiteralType.MapOf(Float)));
        Assert.False(Castable(LiteralType.MapOf(Int), LiteralType.MapOf(Float)));
        Assert.False(Castable(LiteralType.MapOf(Int), Int));
        Assert.False(Castable(LiteralType.MapOf(Int), LiteralType.MapOf(LiteralType.MapOf(Int))));
    }

    [Fact]
    public void Nested_types_do_not_unwrap_a_single_variant_union_only_the_top_and_union_variants_do()
    {
        var single = LiteralType.UnionOf(Int);
        Assert.True(Castable(single, Int));
        Assert.True(Castable(LiteralType.UnionOf(Str.WithTag("string")), Str.WithTag("string"))); // propeller's case
        Assert.False(Castable(LiteralType.UnionOf(Int.WithTag("int")), Int)); // the variant's tag still counts
        Assert.False(Castable(LiteralType.CollectionOf(single), LiteralType.CollectionOf(Int)));
        Assert.False(Castable(LiteralType.MapOf(single), LiteralType.MapOf(Int)));
        Assert.False(Castable(Dataset("", ("a", single)), Dataset("", ("a", Int))));
    }

    [Fact]
    public void Blobs_cast_when_either_format_is_empty_or_they_are_equal_case_sensitively()
    {
        Assert.True(Castable(Blob(""), Blob("")));
        Assert.True(Castable(Blob("csv"), Blob("")));
        Assert.True(Castable(Blob(""), Blob("csv")));
        Assert.False(Castable(Blob("csv"), Blob("pdf")));
        Assert.False(Castable(Blob("csv"), Blob("CSV")));
        Assert.False(Castable(None, Blob("")));
    }

    [Fact]
    public void Unions_a_plain_upstream_must_select_exactly_one_variant()
    {
        Assert.True(Castable(Str, LiteralType.UnionOf(Str.WithTag("str"), Int.WithTag("int"))));
        Assert.False(Castable(Str, LiteralType.UnionOf(Str.WithTag("str"), Str.WithTag("str"))));
        Assert.False(Castable(Float, LiteralType.UnionOf(Str.WithTag("str"), Int.WithTag("int"))));
    }

    [Fact]
    public void Unions_a_union_upstream_needs_a_castable_downstream_variant_for_each_of_its_variants_ambiguity_allowed()
    {
        var down = LiteralType.UnionOf(Int.WithTag("int"), Float.WithTag("float"), Str.WithTag("str"));
        Assert.True(Castable(LiteralType.UnionOf(Int.WithTag("int"), Float.WithTag("float")), down));
        Assert.False(Castable(LiteralType.UnionOf(Int.WithTag("int"), Float.WithTag("float_")), down)); // tag mismatch
        Assert.False(Castable(LiteralType.UnionOf(Int.WithTag("int"), LiteralType.Of(SimpleType.Boolean).WithTag("bool")), down));
        // A single variant that fits two downstream variants: not as a plain type (ambiguous), but as a union.
        Assert.True(Castable(LiteralType.UnionOf(Str), LiteralType.UnionOf(Str.WithTag("a"), Str.WithTag("b"))));
        Assert.True(Castable(new LiteralType(new UnionType(ValueList<LiteralType>.Empty)), down)); // no variants: vacuously
    }

    [Fact]
    public void Schemas_cast_when_either_has_no_columns_or_the_downstream_columns_are_an_exact_subset()
    {
        Assert.True(Castable(Schema(), Schema()));
        Assert.True(Castable(Schema(), Schema(("a", SchemaColumnType.Integer))));
        Assert.True(Castable(Schema(("a", SchemaColumnType.Integer)), Schema()));
        Assert.True(Castable(Schema(("a", SchemaColumnType.Integer), ("b", SchemaColumnType.Float)), Schema(("a", SchemaColumnType.Integer))));
        Assert.False(Castable(Schema(("a", SchemaColumnType.Integer)), Schema(("a", SchemaColumnType.Integer), ("b", SchemaColumnType.Float))));
        Assert.False(Castable(Schema(("a", SchemaColumnType.Integer)), Schema(("a", SchemaColumnType.Float))));
        Assert.False(Castable(None, Schema())); // not nullable
        // A column named twice upstream: the last one counts.
        Assert.True(Castable(Schema(("a", SchemaColumnType.Float), ("a", SchemaColumnType.Integer)), Schema(("a", SchemaColumnType.Integer))));
    }

    [Fact]
    public void Schemas_take_a_parquet_or_formatless_structured_dataset_with_matching_simple_columns()
    {
        Assert.True(Castable(Dataset(""), Schema(("a", SchemaColumnType.Integer))));
        Assert.True(Castable(Dataset("Parquet", ("a", Int), ("b", Float)), Schema(("a", SchemaColumnType.Integer))));
        Assert.False(Castable(Dataset("csv", ("a", Int)), Schema(("a", SchemaColumnType.Integer))));
        Assert.False(Castable(Dataset("", ("a", Float)), Schema(("a", SchemaColumnType.Integer))));
    }

    [Fact]
    public void Structured_datasets_are_nullable_and_cast_on_format_and_column_subsets()
    {
        var collection = LiteralType.CollectionOf(Int);
        Assert.True(Castable(None, Dataset("")));
        Assert.True(Castable(Dataset(""), Dataset("", ("a", Int), ("b", collection))));
        Assert.True(Castable(Dataset("", ("a", Int), ("b", collection)), Dataset("")));
        Assert.True(Castable(Dataset("", ("a", Int), ("b", collection), ("c", LiteralType.MapOf(Int))), Dataset("", ("a", Int), ("b", collection))));
        Assert.False(Castable(Dataset("", ("a", Int), ("b", collection)), Dataset("", ("a", Int), ("b", collection), ("c", LiteralType.MapOf(Int)))));
        Assert.False(Castable(Dataset("", ("a", Int), ("b", collection)), Dataset("", ("a", Float))));
        Assert.True(Castable(Dataset("Parquet"), Dataset("")));
        Assert.True(Castable(Dataset(""), Dataset("Parquet")));
        Assert.True(Castable(Dataset("PARQUET"), Dataset("parquet")));
        Assert.False(Castable(Dataset("csv"), Dataset("parquet")));
    }

    [Fact]
    public void Structured_datasets_take_a_legacy_schema_when_their_format_is_parquet_or_empty()
    {
        Assert.True(Castable(Schema(("a", SchemaColumnType.Integer)), Dataset("", ("a", Int))));
        Assert.True(Castable(Schema(("a", SchemaColumnType.Integer)), Dataset("parquet", ("a", Int))));
        Assert.False(Castable(Schema(("a", SchemaColumnType.Integer)), Dataset("", ("a", Float))));
        Assert.False(Castable(Schema(("a", SchemaColumnType.Integer)), Dataset("csv")));
    }
}
