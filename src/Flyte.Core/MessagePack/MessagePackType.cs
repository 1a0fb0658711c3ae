namespace Flyte.MessagePack;

/// <summary>
/// The kinds of value Flyte's msgpack uses; each covers several wire formats. The specification's extension types
/// (fixext, ext8/16/32, the timestamp) are not among them: neither flytekit nor this SDK writes them, and the reader
/// rejects them with a <see cref="MessagePackException"/> naming the offset.
/// </summary>
public enum MessagePackType
{
    /// <summary><c>nil</c> (0xc0).</summary>
    Nil,

    /// <summary><c>true</c>/<c>false</c> (0xc3/0xc2).</summary>
    Boolean,

    /// <summary>Positive/negative fixint, uint8–64, int8–64.</summary>
    Integer,

    /// <summary>float32 or float64.</summary>
    Float,

    /// <summary>UTF-8 text: fixstr, str8/16/32.</summary>
    String,

    /// <summary>Raw bytes: bin8/16/32.</summary>
    Binary,

    /// <summary>fixarray, array16/32.</summary>
    Array,

    /// <summary>fixmap, map16/32.</summary>
    Map,
}
