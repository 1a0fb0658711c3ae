namespace Flyte.Tests.BadInput;

/// <summary>Hand-built msgpack for bad-input tests.</summary>
internal static class Deep
{
    /// <summary><c>{"a": {"a": … nil}}</c>, <paramref name="levels"/> maps deep (3 bytes a level).</summary>
    public static byte[] Maps(int levels, byte[]? inner = null)
    {
        var bytes = new List<byte>(levels * 3 + 1);
        for (var i = 0; i < levels; i++) bytes.AddRange([0x81, 0xa1, (byte)'a']);
        bytes.AddRange(inner ?? [0xc0]);
        return [.. bytes];
    }

    /// <summary><c>{"Next": {"Next": … nil}}</c>, a <c>Chain</c> record <paramref name="levels"/> deep.</summary>
    public static byte[] Chain(int levels) =>
        [.. Enumerable.Range(0, levels).SelectMany(_ => Field("Next", [])), 0xc0];

    /// <summary><c>[[[ … nil]]]</c>, <paramref name="levels"/> arrays deep.</summary>
    public static byte[] Arrays(int levels) => [.. Enumerable.Repeat((byte)0x91, levels), 0xc0];

    /// <summary>A one-field map <c>{name: value}</c>.</summary>
    public static byte[] Field(string name, byte[] value) => [0x81, (byte)(0xa0 | name.Length), .. System.Text.Encoding.ASCII.GetBytes(name), .. value];

    /// <summary>A msgpack float64.</summary>
    public static byte[] Float64(double d)
    {
        var bytes = new byte[9];
        bytes[0] = 0xcb;
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(1), d);
        return bytes;
    }
}
