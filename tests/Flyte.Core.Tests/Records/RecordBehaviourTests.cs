using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.Types;
using Flyte.Types.Json;
using Xunit;
using static Flyte.Tests.Records.RecordTestKit;

namespace Flyte.Tests.Records;

public sealed class RecordBehaviourTests
{
    private static readonly TypeEngine Engine = TypeEngine.Default;

    private static byte[] Pack(Action<Flyte.MessagePack.MessagePackWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        write(new Flyte.MessagePack.MessagePackWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void The_old_struct_form_is_read_and_integral_doubles_become_ints()
    {
        var generic = new Literal(new Generic(Struct.Of(
            ("x", 10.0), ("y", "10"), ("z", Struct.Of(("10", "10"))))));
        var datum = Engine.ToValue<Datum>(generic);
        Assert.Equal(10, datum.x);
        Assert.Equal("10", datum.y);
        Assert.Equal("10", datum.z[10]);
    }

    [Fact]
    public void A_non_integral_double_for_an_int_field_is_a_mistyped_field()
    {
        var generic = new Literal(new Generic(Struct.Of(("x", 1.5), ("y", "a"), ("z", Struct.Empty))));
        var error = Assert.Throws<TypeTransformerException>(() => Engine.ToValue<Datum>(generic));
        var field = Assert.Single(error.Fields);
        Assert.Equal("x", field.Field);
        Assert.Equal(FieldMismatchKind.Mistyped, field.Kind);
        Assert.Contains("1.5", field.Description);
    }

    [Fact]
    public void A_binary_with_another_tag_is_rejected_naming_the_tag()
    {
        var literal = new Literal(new Binary(Bytes.Wrap([0x80]), "json"));
        var error = Assert.Throws<TypeTransformerException>(() => Engine.ToValue<Datum>(literal));
        Assert.Contains("Unsupported binary format: `json`", error.Message);
    }

    [Fact]
    public void Every_missing_and_mistyped_field_is_listed_with_its_full_path()
    {
        // {"requests": [{"feature_a": 1.0, "feature_b": 2.0}, {"feature_a": "oops"}], "extra": 1} — batch_id has a default
        var bytes = Pack(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("requests");
            w.WriteArrayHeader(3);
            w.WriteMapHeader(2); w.WriteString("feature_a"); w.Write(1.0); w.WriteString("feature_b"); w.Write(2.0);
            w.WriteMapHeader(1); w.WriteString("feature_a"); w.WriteString("oops");
            w.WriteMapHeader(2); w.WriteString("feature_a"); w.Write(3); w.WriteString("feature_b"); w.Write(true);
            w.WriteString("extra"); w.Write(1);
        });
        var error = Assert.Throws<TypeTransformerException>(() => Snake.ToValue<BatchRequest>(MsgPackLiteral(bytes)));
        var fields = error.Fields.Select(f => (f.Field, f.Kind)).OrderBy(f => f.Field).ToArray();
        Assert.Equal(
        [
            ("requests[1].feature_a", FieldMismatchKind.Mistyped),
            ("requests[1].feature_b", FieldMismatchKind.Missing),
            ("requests[2].feature_b", FieldMismatchKind.Mistyped),
        ], fields);
        Assert.Contains("requests[1].feature_b", error.Message);
    }

    [Fact]
    public void Extra_keys_are_ignored_and_defaults_fill_missing_fields()
    {
        var bytes = Pack(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("unknown"); w.WriteArrayHeader(1); w.WriteNil();
            w.WriteString("requests"); w.WriteArrayHeader(0);
        });
        var batch = Snake.ToValue<BatchRequest>(MsgPackLiteral(bytes));
        Assert.Empty(batch.Requests);
        Assert.Equal("default", batch.BatchId);
    }

    [Fact]
    public void Keys_in_another_order_are_read_by_name()
    {
        var bytes = Pack(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("feature_b"); w.Write(2.0);
            w.WriteString("feature_a"); w.Write(1);   // an int for a float field widens
        });
        Assert.Equal(new InferenceRequest(1.0, 2.0), Snake.ToValue<InferenceRequest>(MsgPackLiteral(bytes)));
    }

    [Fact]
    public void Validation_runs_on_write_with_the_member_path()
    {
        var error = Assert.Throws<TypeTransformerException>(() => Engine.ToLiteral(new Validated("ok", 11, "abc")));
        Assert.Equal("Level", error.Path);
        Assert.Contains("between 1 and 10", error.Message);
        var custom = Assert.Throws<TypeTransformerException>(() => Engine.ToLiteral(new Validated("forbidden", 1, "abc")));
        Assert.Contains("reserved", custom.Message);
        Assert.Equal("Code", custom.Path);
    }

    [Fact]
    public void Validation_runs_on_read_and_lists_every_failure()
    {
        var bytes = Pack(w =>
        {
            w.WriteMapHeader(3);
            w.WriteString("Code"); w.WriteString("x");
            w.WriteString("Level"); w.Write(0);
            w.WriteString("Slug"); w.WriteString("NOT-LOWER");
        });
        var error = Assert.Throws<TypeTransformerException>(() => Engine.ToValue<Validated>(MsgPackLiteral(bytes)));
        Assert.Equal(["Code", "Level", "Slug"], error.Fields.Select(f => f.Field).Order().ToArray());
    }

    [Fact]
    public void Nested_validation_on_read_carries_the_path()
    {
        var bytes = Pack(w =>
        {
            w.WriteMapHeader(4);
            w.WriteString("predictions"); w.WriteArrayHeader(0);
            w.WriteString("average"); w.Write(0.0);
            w.WriteString("count"); w.Write(-1);
            w.WriteString("batch_id"); w.WriteString("b");
        });
        var error = Assert.Throws<TypeTransformerException>(() => Engine.ToValue<PredictionSummary>(MsgPackLiteral(bytes)));
        Assert.Equal("count", Assert.Single(error.Fields).Field);
    }

    [Fact]
    public void Untyped_json_is_flytekits_untyped_dict_with_ints_kept()
    {
        using var doc = JsonDocument.Parse("""{"a": 1, "b": [1.5, "x"], "c": null}""");
        var literal = Engine.ToLiteral(doc.RootElement);
        // 83 | a1 61 01 | a1 62 92 cb 3ff8000000000000 a1 78 | a1 63 c0
        Assert.Equal("83a16101a16292cb3ff8000000000000a178a163c0", ToHex(literal.MsgPack()));
        var type = Engine.LiteralTypeOf<JsonElement>();
        Assert.Null(type.Metadata);
        Assert.Equal(new TypeKind.Simple(SimpleType.Struct), type.Type);
        Assert.NotNull(type.Annotation);
        var back = Engine.ToValue<Dictionary<string, object?>>(literal);
        Assert.Equal(1L, back["a"]);
        Assert.Equal([1.5, "x"], (List<object?>)back["b"]!);
        Assert.Null(back["c"]);
        Assert.Equal("""{"a":1,"b":[1.5,"x"],"c":null}""", Engine.ToValue<JsonObject>(literal).ToJsonString());
    }

    [Fact]
    public void An_untyped_python_dict_with_int_keys_reads_into_string_keys()
    {
        // {1: "a"} as Python writes Dict[int, str]: 81 01 a1 61
        var back = Engine.ToValue<Dictionary<string, object?>>(MsgPackLiteral([0x81, 0x01, 0xa1, 0x61]));
        Assert.Equal("a", back["1"]);
    }

    [Fact]
    public void Cli_json_becomes_the_same_literal_as_the_value()
    {
        var type = Snake.LiteralTypeOf<BatchRequest>();
        var literal = LiteralJson.FromJson(
            """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "test_batch"}""", type);
        // JSON 1 for a number field is float64 1.0: the bytes equal those of the typed value
        Assert.Equal(ToHex(Snake.ToLiteral(GoldenVectorTests.SampleBatch).MsgPack()), ToHex(literal.MsgPack()));
        Assert.Equal(JsonNode.Parse("""{"requests":[{"feature_a":1.0,"feature_b":2.0},{"feature_a":3.0,"feature_b":4.0}],"batch_id":"test_batch"}"""),
            LiteralJson.ToJson(literal, type), JsonNode.DeepEquals);
    }

    [Fact]
    public void Cli_json_errors_list_every_mismatching_field()
    {
        var type = Snake.LiteralTypeOf<PredictionSummary>();
        var error = Assert.Throws<TypeTransformerException>(() => LiteralJson.FromJson(
            """{"predictions": [1, "two"], "average": "x", "count": 1.5}""", type));
        Assert.Equal(
            [("average", FieldMismatchKind.Mistyped), ("batch_id", FieldMismatchKind.Missing),
             ("count", FieldMismatchKind.Mistyped), ("predictions[1]", FieldMismatchKind.Mistyped)],
            error.Fields.Select(f => (f.Field, f.Kind)).OrderBy(f => f.Field).ToArray());
    }

    [Fact]
    public void Json_for_primitives_collections_maps_unions_and_enums()
    {
        Assert.Equal(new Literal(new Primitive.Integer(3)), LiteralJson.FromJson("3", LiteralType.Of(SimpleType.Integer)));
        Assert.Equal(new Literal(new Primitive.FloatValue(3)), LiteralJson.FromJson("3", LiteralType.Of(SimpleType.Float)));
        var list = LiteralJson.FromJson("[1, 2]", LiteralType.CollectionOf(LiteralType.Of(SimpleType.Integer)));
        Assert.Equal(2, ((LiteralCollection)list.Value).Literals.Count);
        var map = LiteralJson.FromJson("""{"a": "x"}""", LiteralType.MapOf(LiteralType.Of(SimpleType.String)));
        Assert.Equal(new Literal(new Primitive.StringValue("x")), ((LiteralMap)map.Value).Literals["a"]);
        var optional = LiteralType.UnionOf(LiteralType.Of(SimpleType.Integer).WithTag("int"), LiteralType.Of(SimpleType.None).WithTag("none"));
        Assert.IsType<Void>(((Union)LiteralJson.FromJson("null", optional).Value).Value.Value);
        Assert.Equal(new Primitive.Integer(4), ((Union)LiteralJson.FromJson("4", optional).Value).Value.Value);
        var color = new LiteralType(new EnumType(ValueList.Of("red", "green")));
        Assert.Equal(new Literal(new Primitive.StringValue("green")), LiteralJson.FromJson("\"green\"", color));
        Assert.Throws<TypeTransformerException>(() => LiteralJson.FromJson("\"blue\"", color));
        Assert.Throws<TypeTransformerException>(() => LiteralJson.FromJson("1.5", LiteralType.Of(SimpleType.Integer)));
    }

    [Fact]
    public void Record_fields_of_every_kind_round_trip()
    {
        var value = new Everything(new Point(1, 2.5), [new Point(-1, 0.25)], new() { ["a"] = 1 }, new() { [7] = "seven" },
            null, 1L << 40, Status.InProgress, [0, 1, 255], TimeSpan.FromMilliseconds(1500),
            new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), new DateOnly(2024, 2, 29), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            "kept", [[1.0, 2.0], []]);
        var literal = Engine.ToLiteral(value);
        Assert.Equal(Json(value), Json(Engine.ToValue<Everything>(literal)));
        var decoded = LiteralJson.ToJson(literal, Engine.LiteralTypeOf<Everything>())!.AsObject();
        Assert.Equal("in-progress", decoded["Status"]!.GetValue<string>());
        Assert.Equal("kept", decoded["renamed"]!.GetValue<string>());
        Assert.Equal("2024-05-06T07:08:09+02:00", decoded["At"]!.GetValue<string>());
        Assert.Equal("2024-02-29", decoded["Day"]!.GetValue<string>());
        Assert.Equal(1.5, decoded["Took"]!.GetValue<double>());
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", decoded["Id"]!.GetValue<string>());
    }

    [Fact]
    public void Inherited_records_put_base_fields_first()
    {
        var literal = Engine.ToLiteral(new Dog("rex", 3, Color.Blue));
        var json = LiteralJson.ToJson(literal, Engine.LiteralTypeOf<Dog>())!.ToJsonString();
        Assert.Equal("""{"Name":"rex","Age":3,"Color":"Blue"}""", json);
    }

    [Fact]
    public void Classes_with_setters_or_matching_constructors_are_records()
    {
        var mutable = new Mutable { A = 5, B = null, When = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        Assert.Equal(Json(mutable), Json(Engine.ToValue<Mutable>(Engine.ToLiteral(mutable))));
        var account = new Account(42, "main", 12.50m);
        var literal = Engine.ToLiteral(account);
        Assert.Equal("""{"Id":42,"Label":"main","Balance":"12.50"}""", LiteralJson.ToJson(literal, Engine.LiteralTypeOf<Account>())!.ToJsonString());
        Assert.Equal(Json(account), Json(Engine.ToValue<Account>(literal)));
    }

    [Fact]
    public void Nullable_members_are_optional_in_the_type_and_on_read()
    {
        var type = Engine.LiteralTypeOf<Settings>();
        Assert.IsType<UnionType>(type.Structure!.DataclassType["Comment"].Type);
        Assert.IsType<UnionType>(type.Structure.DataclassType["Retries"].Type);
        var bytes = Pack(w => { w.WriteMapHeader(1); w.WriteString("Name"); w.WriteString("n"); });
        var settings = Engine.ToValue<Settings>(MsgPackLiteral(bytes));
        Assert.Equal("n", settings.Name);
        Assert.Null(settings.Retries);
        Assert.Null(settings.Comment);
        Assert.Empty(settings.Tags);   // a settable member keeps its initializer when absent
    }

    [Fact]
    public void Recursive_records_round_trip()
    {
        var tree = new Node("root", [new Node("a", []), new Node("b", [new Node("c", [])])]);
        Assert.Equal(Json(tree), Json(Engine.ToValue<Node>(Engine.ToLiteral(tree))));
    }

    private readonly record struct Celsius(double Degrees);

    private sealed class CelsiusTransformer : TypeTransformer<Celsius>
    {
        public override string Name => "celsius";
        public override LiteralType LiteralType => LiteralType.Of(SimpleType.Float);
        public override ValueTask<Literal> ToLiteralAsync(Celsius value, TransformerContext context) => new(new Literal(new Primitive.FloatValue(value.Degrees)));
        public override ValueTask<Celsius> ToValueAsync(Literal literal, TransformerContext context) =>
            new(new Celsius(((Primitive.FloatValue)literal.Value).Value));
    }

    private sealed class Report(Celsius temperature, string file)
    {
        public Celsius Temperature { get; } = temperature;
        public string File { get; } = file;
    }

    [Fact]
    public void A_member_with_a_user_transformer_is_bridged_through_the_engine()
    {
        var engine = Engine.Add(new CelsiusTransformer());
        var literal = engine.ToLiteral(new Report(new Celsius(21.5), "f"));
        // 82 | a b "Temperature" cb 4035800000000000 | a4 "File" a1 66
        Assert.Equal("82ab54656d7065726174757265cb4035800000000000a446696c65a166", ToHex(literal.MsgPack()));
        Assert.Equal(21.5, engine.ToValue<Report>(literal).Temperature.Degrees);
        Assert.Equal(LiteralType.Of(SimpleType.Float), engine.LiteralTypeOf<Report>().Structure!.DataclassType["Temperature"]);
    }

    [Fact]
    public void Proto_bytes_round_trip_the_record_literal_and_type()
    {
        var literal = Snake.ToLiteral(GoldenVectorTests.SampleBatch);
        Assert.Equal(literal, Flyte.Proto.ProtoSerializer.LiteralFromBytes(Flyte.Proto.ProtoSerializer.ToBytes(literal)));
        var type = Snake.LiteralTypeOf<BatchRequest>();
        Assert.Equal(type, Flyte.Proto.ProtoSerializer.LiteralTypeFromBytes(Flyte.Proto.ProtoSerializer.ToBytes(type)));
    }
}
