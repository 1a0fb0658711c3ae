namespace Flyte.MessagePack;

/// <summary>
/// MessagePack input was truncated or malformed, held a different kind of value than requested, or a value
/// cannot be represented (an integer overflow, a string that is not valid UTF-8 or UTF-16).
/// </summary>
public sealed class MessagePackException : Exception
{
    /// <summary>Creates an exception for a problem at <paramref name="offset"/> (-1 when not tied to input bytes).</summary>
    public MessagePackException(string message, int offset = -1, Exception? innerException = null)
        : base(message, innerException) => Offset = offset;

    /// <summary>Offset in the input of the value that could not be read, or -1 when writing.</summary>
    public int Offset { get; }
}
