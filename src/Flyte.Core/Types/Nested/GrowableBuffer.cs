using System.Buffers;

namespace Flyte.Types.Nested;

/// <summary>
/// An output buffer for many payloads written back to back (a packed collection): it can be cut back to an earlier
/// length, sized ahead from an estimate, and its array handed over without a final copy.
/// </summary>
internal sealed class GrowableBuffer : IBufferWriter<byte>
{
    private byte[] _array = [];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The array holding the bytes written (and unused room after them); the caller takes it over.</summary>
    public byte[] Array => _array;

    /// <summary>Drops everything written after the first <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = length;

    /// <summary>Makes room for <paramref name="capacity"/> bytes in all, at most <see cref="System.Array.MaxLength"/>.</summary>
    public void Reserve(long capacity)
    {
        if (capacity > _array.Length) Resize((int)Math.Min(capacity, System.Array.MaxLength));
    }

    /// <inheritdoc />
    public void Advance(int count) => Length += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var at = Ensure(sizeHint);   // first: it may replace the array
        return _array.AsMemory(at);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var at = Ensure(sizeHint);
        return _array.AsSpan(at);
    }

    private int Ensure(int sizeHint)
    {
        var needed = (long)Length + Math.Max(sizeHint, 1);
        if (needed > _array.Length)
        {
            if (needed > System.Array.MaxLength) throw new OutOfMemoryException("A packed collection cannot exceed the largest array.");
            Resize((int)Math.Min(Math.Max(needed, _array.Length + (long)_array.Length / 2 + 256), System.Array.MaxLength));
        }
        return Length;
    }

    private void Resize(int capacity)
    {
        var larger = new byte[capacity];
        _array.AsSpan(0, Length).CopyTo(larger);
        _array = larger;
    }
}
