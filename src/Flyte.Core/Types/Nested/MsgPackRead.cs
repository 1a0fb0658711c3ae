using System.Globalization;
using Flyte.MessagePack;

namespace Flyte.Types.Nested;

/// <summary>Reading rules shared by the nested (msgpack) faces of the transformers.</summary>
internal static class MsgPackRead
{
    /// <summary>Reads an integer; an integral float (a protobuf Struct number, a JSON number) is accepted too.</summary>
    public static long Integer(ref MessagePackReader reader)
    {
        if (reader.PeekType() == MessagePackType.Float)
        {
            var d = reader.ReadDouble();
            if (Math.Floor(d) != d || d < long.MinValue || d >= 9.2233720368547758E18)
                throw new CodecReadException($"expected an integer, found the float {d.ToString("R", CultureInfo.InvariantCulture)}");
            return (long)d;
        }
        return reader.ReadInt64();
    }

    /// <summary>Whether the next value is an integer above <see cref="long.MaxValue"/> (only a uint64 can hold one).</summary>
    public static bool IsLargeUnsigned(MessagePackReader copy)
    {
        if (copy.PeekType() != MessagePackType.Integer) return false;
        try
        {
            copy.ReadInt64();
            return false;
        }
        catch (MessagePackException)
        {
            return true;
        }
    }

    /// <summary>Reads a string, naming <paramref name="what"/> was expected otherwise.</summary>
    public static string Text(ref MessagePackReader reader, string what)
    {
        if (reader.PeekType() != MessagePackType.String) throw new CodecReadException($"expected {what} as a string, found {Describe(ref reader)}");
        return reader.ReadString();
    }

    /// <summary>What the next value is, for messages.</summary>
    public static string Describe(ref MessagePackReader reader) => reader.PeekType() switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Integer => "an integer",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "bytes",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Boolean => "a boolean",
        _ => "an extension value",
    };
}
