namespace Flyte;

/// <summary>
/// The elements of a <see cref="LiteralCollection"/> read from protobuf bytes when every one is a <see cref="Binary"/>
/// literal of one tag and nothing else (no hash, no metadata): flytekit's <c>List[dataclass]</c>. Their bytes are kept
/// back to back in one buffer; a transformer reads them from there, and <see cref="ToLiterals"/> makes the element
/// literals only for code that asks for them.
/// </summary>
internal sealed class PackedBinaries
{
    private readonly byte[] _buffer;
    private readonly int[] _ends;

    /// <summary>Element <c>i</c> is <c>buffer[ends[i - 1]..ends[i]]</c> (from 0 for the first); the caller gives up both arrays.</summary>
    public PackedBinaries(byte[] buffer, int[] ends, string tag)
    {
        _buffer = buffer;
        _ends = ends;
        Tag = tag;
    }

    /// <summary>The tag every element's binary has.</summary>
    public string Tag { get; }

    /// <summary>Number of elements.</summary>
    public int Count => _ends.Length;

    /// <summary>The bytes of element <paramref name="index"/>.</summary>
    public ReadOnlyMemory<byte> Memory(int index)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        return new ReadOnlyMemory<byte>(_buffer, start, _ends[index] - start);
    }

    /// <summary>The element literals, as reading them one by one gives them (<see cref="Bytes.Empty"/> for no bytes).</summary>
    public Literal[] ToLiterals()
    {
        var literals = new Literal[_ends.Length];
        for (var i = 0; i < literals.Length; i++) literals[i] = new Literal(new Binary(Bytes.CopyFrom(Memory(i).Span), Tag));
        return literals;
    }

    /// <summary>Whether <paramref name="other"/> holds the same elements.</summary>
    public bool ContentEquals(PackedBinaries other) =>
        Tag == other.Tag && _ends.AsSpan().SequenceEqual(other._ends) && _buffer.AsSpan(0, End).SequenceEqual(other._buffer.AsSpan(0, other.End));

    private int End => _ends.Length == 0 ? 0 : _ends[^1];
}
