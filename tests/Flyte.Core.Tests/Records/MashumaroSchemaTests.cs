using System.Text.Json.Nodes;
using Flyte.Tests.Records;
using Flyte.Types;
using Flyte.Types.Json;
using Xunit;

namespace Flyte.Tests.Records;

/// <summary>
/// Record schemas in the shape of mashumaro's <c>build_json_schema(T).to_dict()</c>, which flytekit's
/// <c>DataclassTransformer.get_literal_type</c> puts in the STRUCT type's metadata. Where each fact comes from
/// (mashumaro <c>jsonschema/schema.py</c> and <c>models.py</c>):
/// <list type="bullet">
/// <item><c>on_dataclass</c>: <c>type: object</c>, <c>title</c> = class name, <c>properties</c>, <c>additionalProperties: false</c>,
/// <c>required</c> = fields without a default, <c>default</c> on a defaulted field (a None default is <c>"default": null</c>:
/// <c>JSONSchema.__pre_serialize__</c> turns it into <c>Null</c>, which <c>omit_none</c> keeps).</item>
/// <item><c>on_special_typing_primitive</c>: <c>Optional[T]</c> = <c>Union[T, None]</c> → <c>anyOf [T, {"type": "null"}]</c>.</item>
/// <item><c>on_number</c>/<c>on_bool</c>: <c>integer</c>, <c>number</c>, <c>boolean</c>; <c>on_date_objects</c>: string <c>date-time</c>/<c>date</c>/<c>time</c>;
/// <c>on_uuid</c>: string <c>uuid</c>; <c>on_decimal</c>: string <c>decimal</c>; <c>on_timedelta</c>: number <c>time-delta</c>.</item>
/// <item><c>on_collection</c>: a list is <c>{type: array, items}</c>; a mapping is <c>{type: object, additionalProperties}</c>
/// plus <c>propertyNames</c>, the key type's schema (<c>{"type": "string"}</c> for <c>str</c> keys too); <c>on_enum</c>: <c>{enum: values}</c> with no type.</item>
/// </list>
/// </summary>
public class MashumaroSchemaTests
{
    // @dataclass
    // class SchemaShapes:
    //     Count: int; Ratio: float; At: datetime; Took: timedelta; Id: UUID; Price: Decimal
    //     Retries: Optional[int] = None; Note: Optional[str] = None
    //     Tags: List[str]; Labels: Dict[int, str]; Scores: Dict[str, float]
    //     Color: Color; Maybe: Optional[Color] = None; Attempts: int = 3; Mode: str = "fast"
    // (a .NET optional member may be absent and reads as null, so its twin defaults to None: not required, and
    // "default": null)
    private const string SchemaShapesGolden = """
    {
      "type": "object",
      "title": "SchemaShapes",
      "properties": {
        "Count": {"type": "integer"},
        "Ratio": {"type": "number"},
        "At": {"type": "string", "format": "date-time"},
        "Took": {"type": "number", "format": "time-delta"},
        "Id": {"type": "string", "format": "uuid"},
        "Price": {"type": "string", "format": "decimal"},
        "Retries": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null},
        "Note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null},
        "Tags": {"type": "array", "items": {"type": "string"}},
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}, "propertyNames": {"type": "integer"}},
        "Scores": {"type": "object", "additionalProperties": {"type": "number"}, "propertyNames": {"type": "string"}},
        "Color": {"enum": ["Red", "Green", "Blue"]},
        "Maybe": {"anyOf": [{"enum": ["Red", "Green", "Blue"]}, {"type": "null"}], "default": null},
        "Attempts": {"type": "integer", "default": 3},
        "Mode": {"type": "string", "default": "fast"}
      },
      "additionalProperties": false,
      "required": ["Count", "Ratio", "At", "Took", "Id", "Price", "Tags", "Labels", "Scores", "Color"]
    }
    """;

    [Fact]
    public void A_record_schema_is_mashumaros_build_json_schema_of_the_equivalent_dataclass()
    {
        var actual = TypeEngine.Default.LiteralTypeOf<SchemaShapes>().Metadata!.ToJson();
        var expected = JsonNode.Parse(SchemaShapesGolden);
        Assert.True(JsonNode.DeepEquals(expected, actual), actual?.ToJsonString());
    }

    [Fact]
    public async Task The_cli_json_of_a_record_is_written_through_the_new_schema()
    {
        var type = TypeEngine.Default.LiteralTypeOf<SchemaShapes>();
        var literal = LiteralJson.FromJson("""
            {"Count": 1, "Ratio": 2, "At": "2024-01-02T03:04:05", "Took": 1.5, "Id": "00000000-0000-0000-0000-000000000001",
             "Price": "1.25", "Retries": null, "Note": "n", "Tags": ["a"], "Labels": {"7": "seven"}, "Scores": {"s": 0.5},
             "Color": "Green", "Maybe": null}
            """, type);
        var value = await TypeEngine.Default.ToValueAsync<SchemaShapes>(literal);
        Assert.Null(value.Retries);
        Assert.Equal("n", value.Note);
        Assert.Equal("seven", value.Labels[7]);
        Assert.Equal(Color.Green, value.Color);
        Assert.Equal(2.0, value.Ratio);
        Assert.Equal(3, value.Attempts);
        var bad = Assert.Throws<TypeTransformerException>(() => LiteralJson.FromJson("""{"Count": "x"}""", type));
        Assert.Contains(bad.Fields, f => f.Field == "Count");
    }
}
