using System.Buffers;
using Flyte.MessagePack;

namespace Flyte.Types.Nested;

/// <summary>
/// A value as one msgpack payload through its transformer's nested face, for the transformers whose literal is a
/// msgpack <see cref="Binary"/> (records, untyped dicts, dicts with native keys). Runs the pass again when nested values
/// had asynchronous work (see <see cref="MsgPackContext"/>), so nothing blocks.
/// </summary>
internal static class MsgPackBinary
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static MsgPackContext? t_context;

    // One conversion state per thread, reused when a pass finished without asynchronous work (a list of a million records
    // makes a million record literals); taken while in use, so re-entrant conversions get their own.
    private static MsgPackContext Rent(TransformerContext context)
    {
        var nested = t_context;
        if (nested is null) return new MsgPackContext(context);
        t_context = null;
        nested.Reset(context);
        return nested;
    }

    private static void Return(MsgPackContext nested)
    {
        if (!nested.HasPending) t_context = nested;
    }

    /// <summary>The literal <c>Binary{msgpack bytes of <paramref name="value"/>, "msgpack"}</c>.</summary>
    public static ValueTask<Literal> ToLiteralAsync<T>(TypeTransformer<T> transformer, T value, TransformerContext context)
    {
        var pending = EncodeAsync(transformer, value, context);
        return pending.IsCompletedSuccessfully ? new(Wrap(pending.Result)) : Slow(pending);

        static async ValueTask<Literal> Slow(ValueTask<byte[]> task) => Wrap(await task.ConfigureAwait(false));
    }

    private static Literal Wrap(byte[] msgpack) => new(new Binary(Bytes.Wrap(msgpack), Binary.MessagePackTag));

    /// <summary>The msgpack bytes of <paramref name="value"/>; a value msgpack cannot hold is a transformer error.</summary>
    public static ValueTask<byte[]> EncodeAsync<T>(TypeTransformer<T> transformer, T value, TransformerContext context)
    {
        var nested = Rent(context);
        var bytes = Encode(transformer, value, nested);
        if (nested.HasPending) return Again(transformer, value, nested);
        Return(nested);
        return new(bytes);

        static async ValueTask<byte[]> Again(TypeTransformer<T> transformer, T value, MsgPackContext nested)
        {
            await nested.CompleteAsync().ConfigureAwait(false);
            nested.Rewind();
            return Encode(transformer, value, nested);
        }
    }

    private static byte[] Encode<T>(TypeTransformer<T> transformer, T value, MsgPackContext nested)
    {
        // Taken from the thread while in use: a nested value's own literal (a union holding a record) encodes re-entrantly.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        buffer.ResetWrittenCount();
        Encode(transformer, value, nested, buffer);
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity <= 1 << 20) t_buffer = buffer;   // do not pin a large buffer to the thread
        return bytes;
    }

    private static void Encode<T>(TypeTransformer<T> transformer, T value, MsgPackContext nested, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        try
        {
            transformer.WriteMsgPack(ref writer, value, nested);
        }
        catch (MessagePackException e)
        {
            throw new TypeTransformerException(transformer.LiteralType, "a value msgpack cannot hold", e.Message, e);
        }
    }

    /// <summary>
    /// The msgpack bytes of every item (none null) back to back, each as <see cref="EncodeAsync{T}"/> gives them: a typed
    /// list of records, packed (<see cref="PackedBinaries"/>) instead of a literal per element. Items whose nested values
    /// have asynchronous work finish concurrently and take their place in order; an item's error has its segment in front.
    /// </summary>
    public static ValueTask<PackedBinaries> PackAsync<T>(TypeTransformer<T> transformer, IReadOnlyList<T> items, TransformerContext context,
        Func<int, string> segment)
    {
        var output = new GrowableBuffer();
        var ends = new int[items.Count];
        List<(int Index, Task<byte[]> Task)>? pending = null;
        for (var i = 0; i < ends.Length; i++)
        {
            var nested = Rent(context);
            var start = output.Length;
            try
            {
                Encode(transformer, items[i], nested, output);
            }
            catch (TypeTransformerException e)
            {
                throw e.AtPath(segment(i));
            }
            if (nested.HasPending)
            {
                output.Truncate(start);
                (pending ??= []).Add((i, Again(transformer, items[i], nested)));
            }
            else Return(nested);
            ends[i] = output.Length;
            // Records of a list are alike in size: room for all of them, from the first (up to 1 MB) and then the first 1,024.
            if (i == 0) output.Reserve(Math.Min(output.Length * (ends.Length + ends.Length / 8L), 1 << 20));
            else if (i == 1023) output.Reserve(output.Length / 1024L * (ends.Length + ends.Length / 8L));
        }
        return pending is null ? new(new PackedBinaries(output.Array, ends, Binary.MessagePackTag)) : new(Complete(output, ends, pending, segment));

        static async Task<byte[]> Again(TypeTransformer<T> transformer, T value, MsgPackContext nested)
        {
            await nested.CompleteAsync().ConfigureAwait(false);
            nested.Rewind();
            return Encode(transformer, value, nested);
        }
    }

    // Puts the bytes of the items that finished later in their places.
    private static async Task<PackedBinaries> Complete(GrowableBuffer output, int[] ends, List<(int Index, Task<byte[]> Task)> pending,
        Func<int, string> segment)
    {
        var late = new byte[pending.Count][];
        for (var k = 0; k < late.Length; k++)
        {
            try { late[k] = await pending[k].Task.ConfigureAwait(false); }
            catch (TypeTransformerException e) { throw e.AtPath(segment(pending[k].Index)); }
        }
        var buffer = new byte[output.Length + late.Sum(b => (long)b.Length)];
        var (at, from, next) = (0, 0, 0);
        for (var i = 0; i < ends.Length; i++)
        {
            ReadOnlySpan<byte> part = next < late.Length && pending[next].Index == i ? late[next++] : output.Array.AsSpan(from, ends[i] - from);
            from = ends[i];
            part.CopyTo(buffer.AsSpan(at));
            ends[i] = at += part.Length;
        }
        return new PackedBinaries(buffer, ends, Binary.MessagePackTag);
    }

    /// <summary>The value of a msgpack payload; read errors come out as <see cref="CodecMismatchException"/> and the other read errors.</summary>
    public static ValueTask<T> DecodeAsync<T>(TypeTransformer<T> transformer, ReadOnlyMemory<byte> bytes, TransformerContext context)
    {
        var nested = Rent(context);
        T value;
        try
        {
            value = Decode(transformer, bytes.Span, nested);
        }
        catch (Exception) when (nested.HasPending)
        {
            // a placeholder of a value still being read may have failed a check; the next pass decides
            value = default!;
        }
        if (nested.HasPending) return Again(transformer, bytes, nested);
        Return(nested);
        return new(value);

        static async ValueTask<T> Again(TypeTransformer<T> transformer, ReadOnlyMemory<byte> bytes, MsgPackContext nested)
        {
            await nested.CompleteAsync().ConfigureAwait(false);
            nested.Rewind();
            return Decode(transformer, bytes.Span, nested);
        }
    }

    private static T Decode<T>(TypeTransformer<T> transformer, ReadOnlySpan<byte> bytes, MsgPackContext nested)
    {
        var reader = new MessagePackReader(bytes);
        return transformer.ReadMsgPack(ref reader, nested);
    }
}
