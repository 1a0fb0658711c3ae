using Flyte.Compatibility;
using Xunit;

namespace Flyte.Tests.Compatibility;

public class TypeCompatibilityTests
{
    private static readonly LiteralType Int = LiteralType.Of(SimpleType.Integer);
    private static readonly LiteralType Str = LiteralType.Of(SimpleType.String);
    private static readonly LiteralType Float = LiteralType.Of(SimpleType.Float);
    private static readonly LiteralType None = LiteralType.Of(SimpleType.None);
    private static readonly LiteralType StructT = LiteralType.Of(SimpleType.Struct);
    private static readonly LiteralType OptionalInt = LiteralType.UnionOf(Int.WithTag("int"), None.WithTag("none"));

    private static Literal L(Scalar s) => new(s);
    private static Literal I(long i) => L(new Primitive.Integer(i));
    private static Literal S(string s) => L(new Primitive.StringValue(s));
    private static Literal List(params Literal[] items) => new(new LiteralCollection(items));
    private static Literal Map(params (string, Literal)[] entries) => new(new LiteralMap(ValueMap.Of(entries)));
    private static LiteralType Enum(params string[] values) => new(new EnumType(values));
    private static LiteralType BlobT(string format, BlobDimensionality d = BlobDimensionality.Single) => new(new BlobType(format, d));
    private static Literal BlobL(string format, BlobDimensionality d = BlobDimensionality.Single) =>
        L(new Blob(new BlobMetadata(new BlobType(format, d)), "s3://b/x"));
    private static LiteralType Dataset(string format, params (string, LiteralType)[] columns) =>
        new(new StructuredDatasetType(columns.Select(c => new DatasetColumn(c.Item1, c.Item2)).ToValueList(), format));
    private static Struct Schema(params (string Name, string Type)[] props) =>
        Struct.Of(("type", "object"), ("properties", new Struct(ValueMap.Of(props.Select(p => (p.Name, (StructValue)Struct.Of(("type", p.Type)))).ToArray()))));

    private static void Fits(CompatibilityResult result) => Assert.True(result.IsCompatible, result.ToString());

    private static TypeMismatch Single(CompatibilityResult result)
    {
        Assert.False(result.IsCompatible);
        return Assert.Single(result.Mismatches);
    }

    // ------------------------------------------------------------ IsInstance

    [Fact]
    public void Primitives_are_instances_of_their_simple_type_only()
    {
        Fits(TypeCompatibility.IsInstance(I(1), Int));
        Fits(TypeCompatibility.IsInstance(L(new Primitive.FloatValue(1.5)), Float));
        Fits(TypeCompatibility.IsInstance(L(new Primitive.Boolean(true)), LiteralType.Of(SimpleType.Boolean)));
        Fits(TypeCompatibility.IsInstance(L(new Primitive.Datetime(DateTime.UtcNow)), LiteralType.Of(SimpleType.Datetime)));
        Fits(TypeCompatibility.IsInstance(L(new Primitive.Duration(TimeSpan.FromSeconds(1))), LiteralType.Of(SimpleType.Duration)));
        var m = Single(TypeCompatibility.IsInstance(S("abc"), Int));
        Assert.Equal("<root>: expected INTEGER, found \"abc\" (a STRING value is not a INTEGER)", m.ToString());
    }

    [Fact]
    public void Void_fits_NONE_and_a_union_with_a_none_variant_but_not_a_plain_type()
    {
        Fits(TypeCompatibility.IsInstance(L(Void.Instance), None));
        Fits(TypeCompatibility.IsInstance(L(Void.Instance), OptionalInt));
        Assert.Equal("the value is of another kind", Single(TypeCompatibility.IsInstance(L(Void.Instance), Int)).Reason);
    }

    [Fact]
    public void A_union_literal_must_match_a_variant_by_tag()
    {
        Fits(TypeCompatibility.IsInstance(L(new Union(I(3), Int.WithTag("int"))), OptionalInt));
        var m = Single(TypeCompatibility.IsInstance(L(new Union(I(3), Int.WithTag("float"))), OptionalInt));
        Assert.Contains("tag \"float\"", m.Reason);
        // The right tag but a value of the wrong kind reports the value.
        var wrongValue = Single(TypeCompatibility.IsInstance(L(new Union(S("x"), Int.WithTag("int"))), OptionalInt));
        Assert.Equal("expected INTEGER#int", "expected " + wrongValue.Expected);
    }

    [Fact]
    public void A_bare_value_fits_a_union_when_exactly_one_variant_matches()
    {
        Fits(TypeCompatibility.IsInstance(I(3), OptionalInt));
        Assert.Contains("fits no variant", Single(TypeCompatibility.IsInstance(S("x"), OptionalInt)).Reason);
        var ambiguous = LiteralType.UnionOf(LiteralType.CollectionOf(Int).WithTag("a"), LiteralType.CollectionOf(Str).WithTag("b"));
        Assert.Contains("fits 2 variants", Single(TypeCompatibility.IsInstance(List(), ambiguous)).Reason);
    }

    [Fact]
    public void A_union_literal_used_as_a_plain_type_is_checked_through_its_stored_type()
    {
        Fits(TypeCompatibility.IsInstance(L(new Union(I(3), Int)), Int));
        Assert.Contains("tag \"int\"", Single(TypeCompatibility.IsInstance(L(new Union(I(3), Int.WithTag("int"))), Int)).Reason);
    }

    [Fact]
    public void A_record_list_with_element_2_wrong_reports_index_2()
    {
        var type = LiteralType.CollectionOf(LiteralType.MapOf(Int));
        var value = List(Map(("feature_a", I(1))), Map(("feature_a", I(2))), Map(("feature_a", S("three"))));
        var m = Single(TypeCompatibility.IsInstance(value, type));
        Assert.Equal("[2].feature_a", m.Path);
        Assert.Equal("INTEGER", m.Expected);
        Assert.Equal("\"three\"", m.Found);
        Assert.Equal("[2].feature_a: expected INTEGER, found \"three\" (a STRING value is not a INTEGER)", m.ToString());
    }

    [Fact]
    public void Every_mismatch_is_reported_and_paths_nest_through_maps_and_lists()
    {
        var inputs = new LiteralMap(ValueMap.Of(
            ("requests", List(Map(("feature_a", I(1))), Map(("feature_a", S("x")), ("odd key", S("y")))))));
        var result = TypeCompatibility.IsInstance(inputs, new Dictionary<string, LiteralType>
        {
            ["requests"] = LiteralType.CollectionOf(LiteralType.MapOf(Int)),
            ["missing"] = Str,
        });
        Assert.Equal(
            new[] { "missing", "requests[1].feature_a", "requests[1][\"odd key\"]" },
            result.Mismatches.Select(m => m.Path).ToArray());
        Assert.Equal("the value is missing", result.Mismatches[0].Reason);
        var error = Assert.Throws<LiteralTypeMismatchException>(result.ThrowIfIncompatible);
        Assert.Contains("requests[1].feature_a: expected INTEGER, found \"x\"", error.Message);
        Assert.Equal(3, error.Mismatches.Count);
    }

    [Fact]
    public void An_undeclared_input_is_reported()
    {
        var result = TypeCompatibility.IsInstance(new LiteralMap(ValueMap.Of(("extra", I(1)))), new Dictionary<string, LiteralType>());
        Assert.Equal("extra: expected nothing, found 1 (no such name is declared)", Single(result).ToString());
    }

    [Fact]
    public void A_non_collection_where_a_collection_is_expected_is_reported_at_its_path()
    {
        var m = Single(TypeCompatibility.IsInstance(Map(("xs", I(1))), LiteralType.MapOf(LiteralType.CollectionOf(Int))));
        Assert.Equal("xs", m.Path);
        Assert.Equal("a collection is expected", m.Reason);
        Assert.Equal("a map is expected", Single(TypeCompatibility.IsInstance(List(), LiteralType.MapOf(Int))).Reason);
    }

    [Fact]
    public void Blobs_match_on_format_rule_and_dimensionality()
    {
        Fits(TypeCompatibility.IsInstance(BlobL("csv"), BlobT("csv")));
        Fits(TypeCompatibility.IsInstance(BlobL("csv"), BlobT("")));
        Fits(TypeCompatibility.IsInstance(BlobL(""), BlobT("csv")));
        Assert.Contains("formats differ", Single(TypeCompatibility.IsInstance(BlobL("csv"), BlobT("json"))).Reason);
        Assert.Equal("a directory is not a file",
            Single(TypeCompatibility.IsInstance(BlobL("csv", BlobDimensionality.Multipart), BlobT("csv"))).Reason);
    }

    [Fact]
    public void Msgpack_binary_and_generic_are_STRUCT_other_binary_is_BINARY()
    {
        Fits(TypeCompatibility.IsInstance(L(new Binary(Bytes.CopyFrom([0x80]), Binary.MessagePackTag)), StructT));
        Fits(TypeCompatibility.IsInstance(L(new Generic(Struct.Empty)), StructT));
        Fits(TypeCompatibility.IsInstance(L(new Binary(Bytes.CopyFrom([1]), "")), LiteralType.Of(SimpleType.Binary)));
        Assert.Equal("untagged binary is BINARY", Single(TypeCompatibility.IsInstance(L(new Binary(Bytes.Empty, "")), StructT)).Reason);
        Assert.Equal("msgpack binary is a STRUCT",
            Single(TypeCompatibility.IsInstance(L(new Binary(Bytes.Empty, "msgpack")), LiteralType.Of(SimpleType.Binary))).Reason);
    }

    [Fact]
    public void An_enum_value_must_be_one_of_the_enum_values()
    {
        Fits(TypeCompatibility.IsInstance(S("red"), Enum("red", "green")));
        Assert.Equal("the string is not one of the enum's values", Single(TypeCompatibility.IsInstance(S("blue"), Enum("red", "green"))).Reason);
    }

    [Fact]
    public void A_structured_dataset_matches_on_format_and_columns()
    {
        StructuredDataset Sd(string format, params (string, LiteralType)[] columns) =>
            new("s3://b/d", new StructuredDatasetMetadata((StructuredDatasetType)Dataset(format, columns).Type));
        Fits(TypeCompatibility.IsInstance(L(Sd("parquet", ("a", Int), ("b", Str))), Dataset("", ("a", Int))));
        Fits(TypeCompatibility.IsInstance(L(new StructuredDataset("s3://b/d", null)), Dataset("parquet")));
        Assert.Contains("formats differ", Single(TypeCompatibility.IsInstance(L(Sd("csv")), Dataset("parquet"))).Reason);
        var missing = Single(TypeCompatibility.IsInstance(L(Sd("parquet", ("a", Int))), Dataset("parquet", ("b", Int))));
        Assert.Equal("b", missing.Path);
        Assert.Equal("the downstream column is missing upstream", missing.Reason);
        Assert.Equal("a", Single(TypeCompatibility.IsInstance(L(Sd("", ("a", Str))), Dataset("", ("a", Int)))).Path);
    }

    [Fact]
    public void An_offloaded_literal_is_checked_through_its_inferred_type()
    {
        Fits(TypeCompatibility.IsInstance(new Literal(new LiteralOffloadedMetadata("s3://b/o", 10, LiteralType.CollectionOf(Int))), LiteralType.CollectionOf(Int)));
        var m = Single(TypeCompatibility.IsInstance(new Literal(new LiteralOffloadedMetadata("s3://b/o", 10, LiteralType.CollectionOf(Str))), LiteralType.CollectionOf(Int)));
        Assert.Equal("[*]", m.Path);
    }

    // ------------------------------------------------------------ IsAssignable

    [Fact]
    public void Enum_and_STRING_are_castable_both_ways_but_enums_must_otherwise_be_equal()
    {
        Fits(TypeCompatibility.IsAssignable(Enum("a"), Str));
        Fits(TypeCompatibility.IsAssignable(Str, Enum("a")));
        Assert.Equal("the types differ", Single(TypeCompatibility.IsAssignable(Enum("a"), Enum("b"))).Reason);
    }

    [Fact]
    public void A_non_empty_upstream_tag_must_equal_the_downstream_tag()
    {
        Fits(TypeCompatibility.IsAssignable(Int, Int.WithTag("int")));
        Fits(TypeCompatibility.IsAssignable(Int.WithTag("int"), Int.WithTag("int")));
        var m = Single(TypeCompatibility.IsAssignable(Int.WithTag("int"), Int));
        Assert.Equal("the tag \"int\" differs from \"\"", m.Reason);
        Assert.Equal("INTEGER#int", m.Found);
    }

    [Fact]
    public void STRUCT_metadata_nil_on_either_side_is_fine_otherwise_downstream_properties_must_exist_upstream()
    {
        var point = StructT with { Metadata = Schema(("x", "integer"), ("y", "integer")) };
        var justX = StructT with { Metadata = Schema(("x", "integer")) };
        var xAsString = StructT with { Metadata = Schema(("x", "string")) };
        Fits(TypeCompatibility.IsAssignable(StructT, point));
        Fits(TypeCompatibility.IsAssignable(point, StructT));
        Fits(TypeCompatibility.IsAssignable(point, point));
        Fits(TypeCompatibility.IsAssignable(point, justX));
        Assert.Contains("JSON schemas differ", Single(TypeCompatibility.IsAssignable(justX, point)).Reason);
        Assert.Contains("JSON schemas differ", Single(TypeCompatibility.IsAssignable(point, xAsString)).Reason);
    }

    [Fact]
    public void Only_NONE_feeds_NONE()
    {
        Fits(TypeCompatibility.IsAssignable(None, None));
        Assert.Equal("only NONE is assignable to NONE", Single(TypeCompatibility.IsAssignable(Int, None)).Reason);
        Assert.Equal("the types differ", Single(TypeCompatibility.IsAssignable(None, Int)).Reason);
    }

    [Fact]
    public void Collections_and_maps_recurse_and_a_NONE_element_matches_anything()
    {
        Fits(TypeCompatibility.IsAssignable(LiteralType.CollectionOf(Int), LiteralType.CollectionOf(Int)));
        Fits(TypeCompatibility.IsAssignable(LiteralType.CollectionOf(None), LiteralType.CollectionOf(Str)));
        Fits(TypeCompatibility.IsAssignable(LiteralType.MapOf(None), LiteralType.MapOf(Str)));
        var m = Single(TypeCompatibility.IsAssignable(LiteralType.MapOf(LiteralType.CollectionOf(Int)), LiteralType.MapOf(LiteralType.CollectionOf(Str))));
        Assert.Equal("*[*]", m.Path);
        Assert.Equal("a collection is expected", Single(TypeCompatibility.IsAssignable(Int, LiteralType.CollectionOf(Int))).Reason);
        Assert.Equal("a map is expected", Single(TypeCompatibility.IsAssignable(LiteralType.CollectionOf(Int), LiteralType.MapOf(Int))).Reason);
    }

    [Fact]
    public void Blob_types_need_equal_or_empty_formats_and_ignore_dimensionality()
    {
        Fits(TypeCompatibility.IsAssignable(BlobT("csv"), BlobT("")));
        Fits(TypeCompatibility.IsAssignable(BlobT(""), BlobT("csv")));
        Fits(TypeCompatibility.IsAssignable(BlobT("csv", BlobDimensionality.Multipart), BlobT("csv")));
        Assert.Contains("formats differ", Single(TypeCompatibility.IsAssignable(BlobT("csv"), BlobT("json"))).Reason);
        Assert.Equal("a blob is expected", Single(TypeCompatibility.IsAssignable(Str, BlobT(""))).Reason);
    }

    [Fact]
    public void A_non_union_upstream_must_match_exactly_one_downstream_variant()
    {
        Fits(TypeCompatibility.IsAssignable(Int, OptionalInt));
        Fits(TypeCompatibility.IsAssignable(None, OptionalInt));
        Assert.Contains("fits no variant", Single(TypeCompatibility.IsAssignable(Str, OptionalInt)).Reason);
        var twoInts = LiteralType.UnionOf(Int.WithTag("a"), Int.WithTag("b"));
        Assert.Contains("ambiguous", Single(TypeCompatibility.IsAssignable(Int, twoInts)).Reason);
    }

    [Fact]
    public void A_union_upstream_needs_every_variant_castable_to_some_downstream_variant()
    {
        var wide = LiteralType.UnionOf(Int.WithTag("int"), Str.WithTag("str"), None.WithTag("none"));
        Fits(TypeCompatibility.IsAssignable(OptionalInt, wide));
        var m = Single(TypeCompatibility.IsAssignable(wide, OptionalInt));
        Assert.Equal("upstream variant 1 fits no downstream variant", m.Reason);
        Assert.Equal("STRING#str", m.Found);
    }

    [Fact]
    public void A_single_variant_union_upstream_is_unwrapped()
    {
        Fits(TypeCompatibility.IsAssignable(LiteralType.UnionOf(Int), Int));
        Fits(TypeCompatibility.IsAssignable(LiteralType.UnionOf(Int.WithTag("int")), OptionalInt));
        Assert.False(TypeCompatibility.IsAssignable(OptionalInt, Int).IsCompatible);
    }

    [Fact]
    public void Structured_datasets_accept_NONE_equal_formats_and_column_subsets_and_legacy_schemas_as_parquet()
    {
        Fits(TypeCompatibility.IsAssignable(None, Dataset("parquet")));
        Fits(TypeCompatibility.IsAssignable(Dataset("PARQUET", ("a", Int), ("b", Str)), Dataset("parquet", ("b", Str))));
        Assert.Equal("b", Single(TypeCompatibility.IsAssignable(Dataset("", ("a", Int)), Dataset("", ("b", Int)))).Path);
        var legacy = new LiteralType(new SchemaType(ValueList.Of(new SchemaColumn("a", SchemaColumnType.Integer))));
        Fits(TypeCompatibility.IsAssignable(legacy, Dataset("parquet", ("a", Int))));
        Assert.Contains("parquet", Single(TypeCompatibility.IsAssignable(legacy, Dataset("csv"))).Reason);
        Fits(TypeCompatibility.IsAssignable(Dataset("", ("a", Int)), legacy));
        Assert.Contains("schema column", Single(TypeCompatibility.IsAssignable(legacy,
            new LiteralType(new SchemaType(ValueList.Of(new SchemaColumn("a", SchemaColumnType.String)))))).Reason);
    }

    [Fact]
    public void Mismatch_printing_shortens_huge_values()
    {
        var huge = List(Enumerable.Range(0, 500).Select(i => I(i)).ToArray());
        var m = Single(TypeCompatibility.IsInstance(huge, Int));
        Assert.True(m.Found.Length <= 201);
        Assert.EndsWith("…", m.Found);
    }
}
