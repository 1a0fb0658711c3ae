using System.Text.Json.Nodes;
using FsCheck.Fluent;
using Flyte.MessagePack;
using Flyte.Tests.Js;
using Xunit;

namespace Flyte.Tests.MessagePack;

/// <summary>
/// Cross-checks against @msgpack/msgpack (npm), an implementation written independently of ours: it decodes what we
/// write, and we decode what it writes. Requires node and `npm ci` at the repository root; fails without them.
/// </summary>
public class JsCrossCheckTests
{
    private const int Cases = 300;

    private static IReadOnlyList<MessagePackValue> BigValues()
    {
        var ints = MessagePackValue.ArrayOf(Enumerable.Range(0, 70_000).Select(i => (MessagePackValue)(i * 37 - 1_000_000)).ToArray());
        var map16 = MessagePackValue.MapOf(Enumerable.Range(0, 20).Select(i => ((MessagePackValue)$"key{i}", (MessagePackValue)i)).ToArray());
        var map32 = MessagePackValue.MapOf(Enumerable.Range(0, 65_536).Select(i => ((MessagePackValue)$"k{i}", (MessagePackValue)(i % 3 == 0))).ToArray());
        return
        [
            MessagePackValue.MapOf(("a", 1), ("b", "x")),
            ints,
            map16,
            map32,
            new string('€', 30_000),
            new MessagePackValue.BinaryValue(Bytes.Wrap(Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray())),
        ];
    }

    [Fact]
    public void Javascript_decodes_our_encodings_to_the_same_values()
    {
        var trees = MessagePackGen.Tree.Sample(Cases, 25).Concat(BigValues())
            .Append(MessagePackValue.MapOf((1, "a"), (MessagePackValue.ArrayOf(1, 2), MessagePackValue.Nil), (1.5, true)))
            .ToList();
        Assert.True(trees.Count > Cases);

        var output = RunNode("decode", trees.Select(t => Convert.ToBase64String(t.Encode())));

        Assert.Equal(trees.Count, output.Count);
        for (var i = 0; i < trees.Count; i++)
        {
            var expected = JsTagged.AsJsDecodes(trees[i]);
            var actual = JsonNode.Parse(output[i]);
            Assert.True(JsonNode.DeepEquals(expected, actual),
                $"Case {i}: {Shorten(trees[i].ToString())}\nexpected {Shorten(expected?.ToJsonString())}\nactual   {Shorten(output[i])}");
        }
    }

    [Fact]
    public void We_decode_javascript_encodings_to_the_same_values_and_bytes()
    {
        var trees = MessagePackGen.JsEncodableTree.Sample(Cases, 25)
            .Concat(BigValues().Where(v => v is not MessagePackValue.MapValue { Entries.Count: > 0 } m || m.Entries.All(e => e.Key is MessagePackValue.StringValue)))
            .ToList();
        Assert.True(trees.Count > Cases);

        var output = RunNode("encode", trees.Select(t => JsTagged.ForEncoding(t)?.ToJsonString() ?? "null"));

        Assert.Equal(trees.Count, output.Count);
        for (var i = 0; i < trees.Count; i++)
        {
            var jsBytes = Convert.FromBase64String(output[i]);
            var expected = JsTagged.AsJsEncodes(trees[i]);
            var decoded = MessagePackValue.Decode(jsBytes);
            Assert.True(expected.Equals(decoded), $"Case {i}: expected {Shorten(expected.ToString())}\nactual   {Shorten(decoded.ToString())}");
            // Both sides choose the smallest encodings, so the bytes agree too.
            Assert.True(jsBytes.AsSpan().SequenceEqual(expected.Encode()),
                $"Case {i}: {Shorten(expected.ToString())}\njs  {Shorten(Encoded.ToHex(jsBytes))}\nours {Shorten(Encoded.ToHex(expected.Encode()))}");
        }
    }

    private static string Shorten(string? s) => s is null ? "null" : s.Length <= 2000 ? s : s[..2000] + "…";

    private static List<string> RunNode(string mode, IEnumerable<string> inputLines) => NodeScript.Run("msgpack-check.mjs", [mode], inputLines);
}
