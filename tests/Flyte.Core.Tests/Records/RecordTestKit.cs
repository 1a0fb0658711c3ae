using System.Text.Json;
using Flyte.Types;

namespace Flyte.Tests.Records;

/// <summary>Shared helpers: the snake_case engine the seed types use, hex, synchronous conversions.</summary>
internal static class RecordTestKit
{
    public static TypeEngine Snake { get; } =
        TypeEngine.Default.WithOptions(TypeEngineOptions.Default with { NamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    /// <summary>Hex with spaces and comments stripped: everything after '#' on a line is a comment.</summary>
    public static byte[] Hex(string text)
    {
        var digits = string.Concat(text.Split('\n').Select(line => line.Split('#')[0]).SelectMany(c => c).Where(Uri.IsHexDigit));
        return Convert.FromHexString(digits);
    }

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static Literal ToLiteral<T>(this TypeEngine engine, T value) => engine.ToLiteralAsync(value).AsTask().GetAwaiter().GetResult();

    public static T ToValue<T>(this TypeEngine engine, Literal literal) => engine.ToValueAsync<T>(literal).AsTask().GetAwaiter().GetResult();

    public static byte[] MsgPack(this Literal literal) =>
        literal.Value is Binary { Tag: Binary.MessagePackTag } b ? b.Value.ToArray() : throw new InvalidOperationException($"not msgpack: {literal}");

    public static Literal MsgPackLiteral(byte[] bytes) => new(new Binary(Bytes.Wrap(bytes), Binary.MessagePackTag));

    /// <summary>Deep equality through System.Text.Json, independent of our codecs (records holding lists compare by reference).</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { IncludeFields = false });
}
