using System.Buffers;
using Flyte.MessagePack;

namespace Flyte.Tests.MessagePack;

/// <summary>Writes with a <see cref="MessagePackWriter"/> and renders hex the way the spec tables do ("cc 80").</summary>
internal static class Encoded
{
    public delegate void WriteAction(ref MessagePackWriter writer);

    public static byte[] With(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static string Hex(WriteAction write) => ToHex(With(write));

    public static string ToHex(ReadOnlySpan<byte> bytes) => string.Join(" ", bytes.ToArray().Select(b => b.ToString("x2")));

    public static byte[] FromHex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
