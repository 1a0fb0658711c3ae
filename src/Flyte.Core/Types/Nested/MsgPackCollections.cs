using Flyte.MessagePack;
using Flyte.Types.Json;

namespace Flyte.Types.Nested;

/// <summary>
/// The nested faces of sequences and dictionaries, shared by every family that has them (Core's collections and
/// dictionaries, Flyte.FSharp's lists, sets and maps): a msgpack array of the elements, a msgpack map with native keys
/// (<c>Dict[int, str]</c> keeps integer keys), each element through its own transformer's nested face. Read errors are
/// collected under their <c>[i]</c> / <c>["key"]</c> segment.
/// </summary>
public static class MsgPackCollections
{
    /// <summary>Writes <paramref name="items"/> as a msgpack array.</summary>
    public static void WriteArray<T>(ref MessagePackWriter writer, TypeTransformer<T> element, IReadOnlyList<T> items, MsgPackContext context)
    {
        writer.WriteArrayHeader(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                element.WriteMsgPack(ref writer, items[i], context);
            }
            catch (TypeTransformerException e)
            {
                throw e.AtPath(Collections.Elements.Index(i));
            }
        }
    }

    /// <summary>Reads a msgpack array of elements.</summary>
    public static T[] ReadArray<T>(ref MessagePackReader reader, TypeTransformer<T> element, MsgPackContext context)
    {
        if (reader.PeekType() != MessagePackType.Array) throw new CodecReadException($"expected an array, found {MsgPackRead.Describe(ref reader)}");
        context.Enter();
        try
        {
            var count = reader.ReadArrayHeader();
            var items = new T[count];
            List<FieldMismatch>? errors = null;
            for (var i = 0; i < count; i++) items[i] = ReadAt(ref reader, element, context, i, false, 0, ref errors);
            if (errors is not null) throw new CodecMismatchException(errors);
            return items;
        }
        finally
        {
            context.Leave();
        }
    }

    /// <summary>Writes <paramref name="entries"/> as a msgpack map.</summary>
    public static void WriteMap<TKey, TValue>(ref MessagePackWriter writer, TypeTransformer<TKey> key, TypeTransformer<TValue> value,
        IEnumerable<KeyValuePair<TKey, TValue>> entries, MsgPackContext context)
    {
        var list = entries as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? entries.ToList();
        writer.WriteMapHeader(list.Count);
        foreach (var (k, item) in list)
        {
            key.WriteMsgPack(ref writer, k, context);
            try
            {
                value.WriteMsgPack(ref writer, item, context);
            }
            catch (TypeTransformerException e)
            {
                throw e.AtPath(Collections.Elements.Key(k));
            }
        }
    }

    /// <summary>Reads a msgpack map; keys that JSON turned into text (<c>"1"</c> for 1) are read as the declared key type.</summary>
    public static KeyValuePair<TKey, TValue>[] ReadMap<TKey, TValue>(ref MessagePackReader reader, TypeTransformer<TKey> key,
        TypeTransformer<TValue> value, MsgPackContext context)
    {
        if (reader.PeekType() != MessagePackType.Map) throw new CodecReadException($"expected a map, found {MsgPackRead.Describe(ref reader)}");
        context.Enter();
        try
        {
            var count = reader.ReadMapHeader();
            var entries = new KeyValuePair<TKey, TValue>[count];
            List<FieldMismatch>? errors = null;
            for (var i = 0; i < count; i++)
            {
                var k = ReadKey(ref reader, key, context);
                entries[i] = new(k, ReadAt(ref reader, value, context, i, true, k, ref errors));
            }
            if (errors is not null) throw new CodecMismatchException(errors);
            return LastWins(entries);
        }
        finally
        {
            context.Leave();
        }
    }

    /// <summary>
    /// The entries with each repeated key once, at its first position with its last value — what Python's msgpack
    /// (and a dict built from it) gives; keys that decode to the same .NET key (<c>1</c> and <c>"1"</c>) count as repeated.
    /// </summary>
    public static KeyValuePair<TKey, TValue>[] LastWins<TKey, TValue>(KeyValuePair<TKey, TValue>[] entries)
    {
        if (entries.Length < 2) return entries;
#pragma warning disable CS8714 // null keys never reach it (see below)
        var positions = new Dictionary<TKey, int>(entries.Length);
#pragma warning restore CS8714
        List<KeyValuePair<TKey, TValue>>? unique = null;
        for (var i = 0; i < entries.Length; i++)
        {
            var (k, v) = entries[i];
            if (k is null) return entries;   // the dictionary rejects a null key itself
            if (positions.TryGetValue(k, out var at))
            {
                unique ??= entries[..i].ToList();
                unique[at] = new(k, v);
                continue;
            }
            positions[k] = unique?.Count ?? i;
            unique?.Add(entries[i]);
        }
        return unique?.ToArray() ?? entries;
    }

    /// <summary>Reads one element; a mismatch is recorded under its segment (the key, else the index) and the element skipped.</summary>
    private static T ReadAt<T, TKey>(ref MessagePackReader reader, TypeTransformer<T> element, MsgPackContext context, int index,
        bool keyed, TKey key, ref List<FieldMismatch>? errors)
    {
        var snapshot = reader;
        try
        {
            return element.ReadMsgPack(ref reader, context);
        }
        catch (Exception e) when (Mismatches.IsReadError(e))
        {
            Mismatches.Add(ref errors, e, keyed ? Collections.Elements.Key(key) : Collections.Elements.Index(index));
            reader = snapshot;
            reader.Skip();
            return default!;
        }
    }

    /// <summary>JSON (console, CLI, Struct) can only give string keys: an integer key may arrive as its text.</summary>
    private static TKey ReadKey<TKey>(ref MessagePackReader reader, TypeTransformer<TKey> key, MsgPackContext context)
    {
        // A Python dict may have int (or other scalar) keys where .NET declares string keys: keep their text.
        if (typeof(TKey) == typeof(string) && reader.PeekType() != MessagePackType.String) return (TKey)(object)MessagePackJson.KeyText(ref reader);
        if (reader.PeekType() != MessagePackType.String || typeof(TKey) == typeof(string) || typeof(TKey) == typeof(object) || typeof(TKey).IsEnum)
            return key.ReadMsgPack(ref reader, context);
        var text = reader.ReadString();
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
            throw new CodecReadException($"the map key \"{text}\" is not a {typeof(TKey).Name}");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(9);
        var writer = new MessagePackWriter(buffer);
        writer.Write(number);
        var keyReader = new MessagePackReader(buffer.WrittenSpan);
        return key.ReadMsgPack(ref keyReader, context);
    }
}
