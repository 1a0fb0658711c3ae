using System.Diagnostics;
using System.Text.Json.Nodes;
using Flyte.Proto;
using Flyte.Testing;
using Xunit;

namespace Flyte.Tests.Proto;

/// <summary>
/// Cross-checks our protobuf against an independent implementation: the JavaScript classes of the npm package
/// @flyteorg/flyteidl (protobufjs), run by tests/js/flyteidl-check.js. It decodes the bytes we wrote and encodes the same
/// values itself, which we decode. Node is required: without it this test fails rather than skips.
/// </summary>
public class FlyteidlJsCrossCheckTests
{
    private sealed record Case(string Id, string Kind, object Model, byte[] Bytes, JsonObject Canonical);

    private static Case OfLiteral(string id, Literal l) => new(id, "literal", l, l.ToBytes(), Canonical.Of(l));
    private static Case OfType(string id, LiteralType t) => new(id, "literalType", t, t.ToBytes(), Canonical.Of(t));
    private static Case OfMap(string id, LiteralMap m) => new(id, "literalMap", m, m.ToBytes(), Canonical.Of(m));

    private static readonly LiteralType Int = LiteralType.Of(SimpleType.Integer);

    // Every oneof case of Literal, Scalar, Primitive, LiteralType and google.protobuf.Value, written out by hand.
    private static IEnumerable<Case> HandWritten()
    {
        var structure = Struct.Of(
            ("null", StructValue.Null.Instance), ("n", 1.5), ("s", "x\"y"), ("b", true),
            ("o", Struct.Of(("inner", -0.0))), ("l", new StructValue.List(ValueList.Of<StructValue>(1.0, "two", false))));
        var dataset = new StructuredDatasetType(
            ValueList.Of(new DatasetColumn("a", Int), new DatasetColumn("b", LiteralType.CollectionOf(LiteralType.Of(SimpleType.String)))),
            "parquet", "arrow", Bytes.CopyFrom([1, 2, 3]));
        var schema = new SchemaType(Enum.GetValues<SchemaColumnType>().Select(t => new SchemaColumn(t.ToString(), t)).ToValueList());
        var scalars = new (string, Scalar)[]
        {
            ("integer", new Primitive.Integer(long.MinValue)),
            ("integer-max", new Primitive.Integer(long.MaxValue)),
            ("float", new Primitive.FloatValue(Math.PI)),
            ("float-nan", new Primitive.FloatValue(double.NaN)),
            ("float-inf", new Primitive.FloatValue(double.NegativeInfinity)),
            ("string", new Primitive.StringValue("héllo 中 \"quoted\"\n")),
            ("string-empty", new Primitive.StringValue("")),
            ("boolean", new Primitive.Boolean(false)),
            ("datetime", new Primitive.Datetime(new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567))),
            ("datetime-min", new Primitive.Datetime(DateTime.MinValue)),
            ("datetime-max", new Primitive.Datetime(DateTime.MaxValue)),
            ("duration", new Primitive.Duration(TimeSpan.FromTicks(-15_000_001))),
            ("duration-max", new Primitive.Duration(TimeSpan.MaxValue)),
            ("none", Void.Instance),
            ("blob", new Blob(new BlobMetadata(new BlobType("csv", BlobDimensionality.Multipart)), "s3://bucket/dir")),
            ("binary", new Binary(Bytes.CopyFrom([0x81, 0xa1, 0x61, 0x01]), Binary.MessagePackTag)),
            ("schema", new Schema("s3://bucket/schema", schema)),
            ("error", new Error("n0", "boom")),
            ("generic", new Generic(structure)),
            ("dataset", new StructuredDataset("s3://bucket/df", new StructuredDatasetMetadata(dataset))),
            ("dataset-no-metadata", new StructuredDataset("s3://bucket/df", null)),
            ("union", new Union(new Primitive.Integer(3), Int.WithTag("int"))),
        };
        foreach (var (id, s) in scalars) yield return OfLiteral("scalar-" + id, new Literal(s));
        yield return OfLiteral("collection", new Literal(new LiteralCollection(ValueList.Of<Literal>(new Primitive.Integer(1), Void.Instance))));
        yield return OfLiteral("map", new Literal(new LiteralMap(ValueMap.Of(("a", (Literal)new Primitive.Integer(1)), ("b c", (Literal)Void.Instance)))));
        yield return OfLiteral("map-empty-key", new Literal(new LiteralMap(ValueMap.Of(("", (Literal)Void.Instance)))));
        yield return OfLiteral("metadata-empty-value", new Literal(Void.Instance) { Metadata = ValueMap.Of(("k", "")) });
        yield return OfLiteral("offloaded", new Literal(new LiteralOffloadedMetadata("s3://b/o", ulong.MaxValue, LiteralType.CollectionOf(Int))));
        yield return OfLiteral("hash-and-metadata", new Literal(new Primitive.Integer(1)) { Hash = "abc", Metadata = ValueMap.Of(("k", "v")) });

        var types = new (string, LiteralType)[]
        {
            ("schema", new LiteralType(schema)),
            ("collection", LiteralType.CollectionOf(Int)),
            ("map", LiteralType.MapOf(Int)),
            ("blob", new LiteralType(new BlobType("", BlobDimensionality.Single))),
            ("enum", new LiteralType(new EnumType(ValueList.Of("red", "green")))),
            ("dataset", new LiteralType(dataset)),
            ("union", LiteralType.UnionOf(Int.WithTag("int"), LiteralType.Of(SimpleType.None).WithTag("none"))),
            ("decorated", LiteralType.Of(SimpleType.Struct) with
            {
                Metadata = structure,
                Annotation = new TypeAnnotation(Struct.Empty),
                Structure = new TypeStructure("dc", ValueMap.Of(("x", Int))),
            }),
            ("empty-metadata", Int with { Metadata = Struct.Empty }),
        };
        foreach (var simple in Enum.GetValues<SimpleType>()) yield return OfType("simple-" + simple, LiteralType.Of(simple));
        foreach (var (id, t) in types) yield return OfType("type-" + id, t);
        yield return OfMap("map-empty", LiteralMap.Empty);
        yield return OfMap("map-inputs", new LiteralMap(ValueMap.Of(("x", (Literal)new Primitive.Integer(1)), ("y", (Literal)new Primitive.StringValue("s")))));
    }

    private static IEnumerable<Case> Generated()
    {
        var types = FlyteGen.Sample(FlyteGen.LiteralType, 30, 25);
        for (var i = 0; i < types.Length; i++) yield return OfType($"gen-type-{i}", types[i]);
        var literals = FlyteGen.Sample(FlyteGen.TypedLiteral, 30, 40);
        for (var i = 0; i < literals.Length; i++) yield return OfLiteral($"gen-literal-{i}", literals[i].Item2);
        var maps = FlyteGen.Sample(FlyteGen.LiteralMap, 20, 5);
        for (var i = 0; i < maps.Length; i++) yield return OfMap($"gen-map-{i}", maps[i]);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) return dir.FullName;
        throw new InvalidOperationException("Flyte.sln not found above " + AppContext.BaseDirectory);
    }

    private static JsonArray RunNode(IReadOnlyList<Case> cases)
    {
        var root = RepoRoot();
        var request = new JsonObject
        {
            ["cases"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["kind"] = c.Kind, ["bytes"] = Convert.ToBase64String(c.Bytes), ["canonical"] = c.Canonical.DeepClone(),
                ["decode"] = !HasEmptyMapKey(c.Canonical),
            }).ToArray()),
        };
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, request.ToJsonString());
            var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(root, "tests", "js", "flyteidl-check.js"));
            start.ArgumentList.Add(input);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("The cross-check needs `node` on PATH (and `npm ci` run in the repository root).", e);
            }
            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                var stdout = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {stderr.Result}");
                return JsonNode.Parse(stdout)!["results"]!.AsArray();
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    // Google.Protobuf omits an empty key or an empty string value inside a map entry (proto3 allows it); the npm package's
    // static JavaScript decoders cannot read such an entry (they assume key then value, both present), so JS only encodes
    // those cases. Canonical property names are never empty, so an empty one is a map key (literal map, struct, metadata,
    // dataclass_type); the only string-valued map is a literal's metadata.
    private static bool HasEmptyMapKey(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(kv => kv.Key.Length == 0 || HasEmptyMapKey(kv.Value)
            || (kv.Key == "metadata" && kv.Value is JsonObject m && m.Any(e => e.Value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length == 0))),
        JsonArray a => a.Any(HasEmptyMapKey),
        _ => false,
    };

    private static object Decode(string kind, byte[] bytes) => kind switch
    {
        "literal" => ProtoSerializer.LiteralFromBytes(bytes),
        "literalType" => ProtoSerializer.LiteralTypeFromBytes(bytes),
        _ => ProtoSerializer.LiteralMapFromBytes(bytes),
    };

    [Fact]
    public void The_flyteidl_javascript_classes_read_what_we_write_and_we_read_what_they_write()
    {
        var cases = HandWritten().Concat(Generated()).ToList();
        Assert.True(cases.Count > 100);
        var results = RunNode(cases);
        Assert.Equal(cases.Count, results.Count);

        var failures = new List<string>();
        var skippedDecodes = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var result = results[i]!;
            Assert.Equal(c.Id, (string?)result["id"]);
            var expected = Canonical.Sorted(c.Canonical);
            var decoded = Canonical.Sorted(result["decoded"]);
            if (HasEmptyMapKey(c.Canonical)) skippedDecodes++;
            else if (expected != decoded) failures.Add($"{c.Id}: JS decoded our bytes as\n  {decoded}\nexpected\n  {expected}");
            var theirs = Decode(c.Kind, Convert.FromBase64String((string)result["encoded"]!));
            if (!theirs.Equals(c.Model)) failures.Add($"{c.Id}: we decoded the JS bytes as\n  {theirs}\nexpected\n  {c.Model}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(skippedDecodes < cases.Count / 2, $"only {cases.Count - skippedDecodes} of {cases.Count} cases were decoded by JS");
    }

    [Fact]
    public void An_empty_map_key_or_string_value_is_omitted_on_the_wire_which_protobuf_allows()
    {
        var map = new LiteralMap(ValueMap.Of(("", (Literal)Void.Instance)));
        // Entry = field 1 (LEN 6) holding only field 2 (the value); no field 1 (the key) inside it.
        Assert.Equal("0a0612040a022a00", Convert.ToHexString(map.ToBytes()).ToLowerInvariant());
        Assert.Equal(map, ProtoSerializer.LiteralMapFromBytes(map.ToBytes()));
        var withEmptyMetadataValue = new Literal(Void.Instance) { Metadata = ValueMap.Of(("k", "")) };
        Assert.Equal(withEmptyMetadataValue, ProtoSerializer.LiteralFromBytes(withEmptyMetadataValue.ToBytes()));
    }

    [Fact]
    public void The_hand_written_cases_cover_every_oneof_case()
    {
        var canonical = string.Join("\n", HandWritten().Select(c => Canonical.Sorted(c.Canonical)));
        foreach (var key in new[]
                 {
                     "scalar", "collection", "map", "offloaded", "integer", "float", "string", "boolean", "datetime", "duration", "none",
                     "blob", "binary", "schema", "error", "generic", "dataset", "union", "simple", "enum", "null", "number", "bool",
                     "struct", "list", "metadata", "annotation", "structure",
                 })
            Assert.Contains($"\"{key}\":", canonical);
    }
}
