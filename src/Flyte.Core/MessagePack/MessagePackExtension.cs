namespace Flyte.MessagePack;

/// <summary>An extension value as read from the input: its type code and a view of its data (no copy).</summary>
public readonly ref struct MessagePackExtension
{
    /// <summary>Creates an extension view.</summary>
    public MessagePackExtension(sbyte typeCode, ReadOnlySpan<byte> data)
    {
        TypeCode = typeCode;
        Data = data;
    }

    /// <summary>The application-defined type (0–127) or a type reserved by the specification (negative; -1 is timestamp).</summary>
    public sbyte TypeCode { get; }

    /// <summary>The extension's bytes, pointing into the reader's input.</summary>
    public ReadOnlySpan<byte> Data { get; }
}
