namespace Flyte;

/// <summary>An immutable byte string with value equality (protobuf <c>bytes</c>).</summary>
public sealed class Bytes : IEquatable<Bytes>
{
    private readonly byte[] _data;

    private Bytes(byte[] data) => _data = data;

    /// <summary>No bytes.</summary>
    public static Bytes Empty { get; } = new([]);

    /// <summary>Copies <paramref name="data"/>.</summary>
    public static Bytes CopyFrom(ReadOnlySpan<byte> data) => data.IsEmpty ? Empty : new(data.ToArray());

    /// <summary>Takes ownership of <paramref name="data"/>: the caller must not change it afterwards.</summary>
    public static Bytes Wrap(byte[] data) => new(data);

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _data;

    /// <summary>The bytes as read-only memory.</summary>
    public ReadOnlyMemory<byte> Memory => _data;

    /// <summary>Number of bytes.</summary>
    public int Length => _data.Length;

    /// <summary>A fresh copy of the bytes.</summary>
    public byte[] ToArray() => _data.ToArray();

    /// <inheritdoc />
    public bool Equals(Bytes? other) => other is not null && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Bytes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    /// <summary>Hex, shortened past 32 bytes.</summary>
    public override string ToString() =>
        _data.Length <= 32 ? Convert.ToHexString(_data).ToLowerInvariant()
                           : Convert.ToHexString(_data, 0, 32).ToLowerInvariant() + $"…({_data.Length} bytes)";
}
