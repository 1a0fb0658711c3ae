using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Records;

/// <summary>A part of an order; not validated itself, but nested in a validated record it is a model in <c>$defs</c>.</summary>
public sealed record Part(string Sku, long Qty = 1);

/// <summary>A validated record (a <c>[Range]</c>): the twin of a Pydantic model.</summary>
public sealed record Order(
    [property: Range(0, 1000)] long Count, double Ratio, DateTime At, TimeSpan Took, Guid Id, decimal Price, byte[] Raw,
    List<string> Tags, HashSet<string> Unique, Dictionary<string, double> Scores, Color Color, Part Main, List<Part> Parts,
    string? Note, Part? Spare, [property: JsonPropertyName("batch_id")] string BatchId = "default");

/// <summary>
/// Validated records get pydantic v2's <c>model_json_schema()</c> as their type metadata and flytekit's pydantic
/// transformer name as their union tag (<c>flytekit/extras/pydantic_transformer/transformer.py</c>).
/// </summary>
public sealed class PydanticSchemaTests
{
    // Printed by pydantic 2.13.4 (json.dumps(Order.model_json_schema(), sort_keys=True)) for:
    // class Color(enum.Enum): Red = "Red"; Green = "Green"; Blue = "Blue"
    // class Part(BaseModel): Sku: str; Qty: int = 1
    // class Order(BaseModel):
    //     Count: int; Ratio: float; At: datetime; Took: timedelta; Id: UUID; Price: Decimal; Raw: bytes
    //     Tags: List[str]; Unique: Set[str]; Scores: Dict[str, float]; Color: Color; Main: Part; Parts: List[Part]
    //     Note: Optional[str] = None; Spare: Optional[Part] = None; batch_id: str = "default"
    private const string OrderGolden = """
        {"$defs": {"Color": {"enum": ["Red", "Green", "Blue"], "title": "Color", "type": "string"}, "Part": {"properties": {"Qty": {"default": 1, "title": "Qty", "type": "integer"}, "Sku": {"title": "Sku", "type": "string"}}, "required": ["Sku"], "title": "Part", "type": "object"}}, "properties": {"At": {"format": "date-time", "title": "At", "type": "string"}, "Color": {"$ref": "#/$defs/Color"}, "Count": {"title": "Count", "type": "integer"}, "Id": {"format": "uuid", "title": "Id", "type": "string"}, "Main": {"$ref": "#/$defs/Part"}, "Note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Note"}, "Parts": {"items": {"$ref": "#/$defs/Part"}, "title": "Parts", "type": "array"}, "Price": {"anyOf": [{"type": "number"}, {"pattern": "^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$", "type": "string"}], "title": "Price"}, "Ratio": {"title": "Ratio", "type": "number"}, "Raw": {"format": "binary", "title": "Raw", "type": "string"}, "Scores": {"additionalProperties": {"type": "number"}, "title": "Scores", "type": "object"}, "Spare": {"anyOf": [{"$ref": "#/$defs/Part"}, {"type": "null"}], "default": null}, "Tags": {"items": {"type": "string"}, "title": "Tags", "type": "array"}, "Took": {"format": "duration", "title": "Took", "type": "string"}, "Unique": {"items": {"type": "string"}, "title": "Unique", "type": "array", "uniqueItems": true}, "batch_id": {"default": "default", "title": "Batch Id", "type": "string"}}, "required": ["Count", "Ratio", "At", "Took", "Id", "Price", "Raw", "Tags", "Unique", "Scores", "Color", "Main", "Parts"], "title": "Order", "type": "object"}
        """;

    [Fact]
    public void A_validated_record_schema_is_pydantics_model_json_schema()
    {
        var actual = TypeEngine.Default.LiteralTypeOf<Order>().Metadata!.ToJson();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OrderGolden), actual), actual.ToJsonString());
    }

    [Fact]
    public void A_validated_record_has_the_pydantic_transformer_name_and_a_plain_one_the_dataclass_name()
    {
        Assert.Equal("Pydantic Transformer", TypeEngine.Default.Get<Order>().Name);
        Assert.Equal("Object-Dataclass-Transformer", TypeEngine.Default.Get<Part>().Name);
        // The optional's union variant carries the tag a Python Optional[Order] peer writes.
        var union = Assert.IsType<UnionType>(TypeEngine.Default.GetOptional(typeof(Order)).LiteralType.Type);
        Assert.Equal("Pydantic Transformer", union.Variants[0].Structure!.Tag);
    }

    [Fact]
    public void Field_titles_are_python_str_title_of_the_wire_name()
    {
        // pydantic: name.title().replace('_', ' ').strip(); "BatchId".title() is "Batchid".
        var properties = TypeEngine.Default.LiteralTypeOf<Titled>().Metadata!.ToJson()["properties"]!;
        Assert.Equal(["Batchid", "Feature A", "X2Y", "Private"],
            new[] { "BatchId", "feature_a", "x2y", "_private_" }.Select(name => (string)properties[name]!["title"]!));
    }
}

/// <summary>Field names whose pydantic titles differ from a naive capitalisation.</summary>
public sealed record Titled(
    [property: Range(0, 1)] long BatchId, [property: JsonPropertyName("feature_a")] long FeatureA, [property: JsonPropertyName("x2y")] long X2Y,
    [property: JsonPropertyName("_private_")] long Private);
