using System.Text.Json.Nodes;
using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Records;

/// <summary>
/// Files, directories and datasets inside records as flytekit describes and writes them. Schemas: mashumaro's
/// <c>on_dataclass</c> of flytekit's own dataclasses (<c>types/file/file.py</c>: <c>path: Union[str, os.PathLike] = None</c>,
/// <c>metadata: Optional[dict[str, str]] = None</c>; <c>types/directory/types.py</c>: <c>path</c>;
/// <c>types/structured/structured_dataset.py</c>: <c>uri: Optional[str] = None</c>, <c>file_format: Optional[str] = ""</c>).
/// msgpack: their <c>_serialize</c> (<c>{"path": uri[, "metadata": {…}]}</c>, <c>{"path": uri}</c>, <c>{"uri", "file_format"}</c>).
/// </summary>
public sealed class OffloadedFieldTests
{
    private const string FileSchema = """
        {"type": "object", "title": "FlyteFile", "additionalProperties": false, "properties": {
          "path": {"anyOf": [{"type": "string"}, {"type": "string", "format": "path"}], "default": null},
          "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}, "propertyNames": {"type": "string"}}, {"type": "null"}], "default": null}}}
        """;

    private const string DirectorySchema = """
        {"type": "object", "title": "FlyteDirectory", "additionalProperties": false, "properties": {
          "path": {"anyOf": [{"type": "string"}, {"type": "string", "format": "path"}], "default": null}}}
        """;

    private const string DatasetSchema = """
        {"type": "object", "title": "StructuredDataset", "additionalProperties": false, "properties": {
          "uri": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null},
          "file_format": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": ""}}}
        """;

    // msgpack.packb({"Report": {"path": "s3://b/r.csv", "metadata": {"k": "v"}}, "Folder": {"path": "s3://b/dir"},
    //                "Table": {"uri": "s3://b/t", "file_format": "parquet"}}) (@msgpack/msgpack's encode gives the same bytes)
    private const string FlytekitBytes =
        "83a65265706f727482a470617468ac73333a2f2f622f722e637376a86d6574616461746181a16ba176a6466f6c64657281a470617468aa73333a2f2f622f646972" +
        "a55461626c6582a3757269a873333a2f2f622f74ab66696c655f666f726d6174a770617271756574";

    private static JsonNode Property(Type type, string name) => TypeEngine.Default.LiteralTypeOf(type).Metadata!.ToJson()["properties"]![name]!;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());

    [Fact]
    public void Files_directories_and_datasets_are_described_as_flytekits_dataclasses()
    {
        AssertJson(FileSchema, Property(typeof(OffloadedFields), "Report"));
        AssertJson(DirectorySchema, Property(typeof(OffloadedFields), "Folder"));
        AssertJson(DatasetSchema, Property(typeof(OffloadedFields), "Table"));
        Assert.Equal("""["Report","Folder","Table"]""", TypeEngine.Default.LiteralTypeOf<OffloadedFields>().Metadata!.ToJson()["required"]!.ToJsonString());
    }

    [Fact]
    public void Optional_and_listed_files_wrap_the_same_schema()
    {
        AssertJson($$"""{"anyOf": [{{FileSchema}}, {"type": "null"}], "default": null}""", Property(typeof(OffloadedShapes), "Extra"));
        AssertJson($$"""{"type": "array", "items": {{FileSchema}}}""", Property(typeof(OffloadedShapes), "Files"));
    }

    [Fact]
    public async Task The_msgpack_flytekit_writes_reads_and_writes_back_byte_for_byte()
    {
        var literal = new Literal(new Binary(Bytes.Wrap(Convert.FromHexString(FlytekitBytes)), Binary.MessagePackTag));

        var value = await TypeEngine.Default.ToValueAsync<OffloadedFields>(literal);

        Assert.Equal(("s3://b/r.csv", "v"), (value.Report.Uri, value.Report.Metadata["k"]));
        Assert.Equal("s3://b/dir", value.Folder.Uri);
        Assert.Equal(("s3://b/t", "parquet"), (value.Table.Uri, value.Table.Format));
        var written = Assert.IsType<Binary>((await TypeEngine.Default.ToLiteralAsync(value)).Value);
        Assert.Equal(FlytekitBytes, Convert.ToHexStringLower(written.Value.Span));
    }
}
