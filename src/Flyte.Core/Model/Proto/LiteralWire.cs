using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;

namespace Flyte.Proto;

/// <summary>
/// The protobuf wire form of the literals a typed list of records becomes (flytekit's <c>List[dataclass]</c>): a
/// collection, possibly nested, of msgpack <see cref="Binary"/> literals, alone or as values of a literal map. Written and read here directly, because the
/// general way builds a generated protobuf message graph beside the model one for every element. The bytes are those
/// Google.Protobuf writes for the same literal (fields in number order, empty fields left out); any other literal, and
/// any bytes not in exactly that form (other fields, repeated or reordered fields, bad lengths, strings that are not
/// UTF-8), go the general way, which also owns every error.
/// </summary>
internal static class LiteralWire
{
    // flyteidl.core tags: field number << 3 | 2 (length-delimited).
    private const byte LiteralScalar = 1 << 3 | 2, LiteralCollection = 2 << 3 | 2, LiteralHash = 4 << 3 | 2;
    private const byte ScalarBinary = 3 << 3 | 2, CollectionLiterals = 1 << 3 | 2, BinaryValue = 1 << 3 | 2, BinaryTag = 2 << 3 | 2;

    private const byte MapLiterals = 1 << 3 | 2, EntryKey = 1 << 3 | 2, EntryValue = 2 << 3 | 2;

    // Below Google.Protobuf's default recursion limit (100), so nothing it would reject is read here.
    private const int MaxDepth = 64;

    /// <summary>How many protobuf message levels the direct path may read (two per collection level, plus the map and a
    /// value); a reader allowed fewer takes the general path, so its limit holds.</summary>
    public const int ProtobufLevels = 2 * MaxDepth + 2;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The <c>flyteidl.core.Literal</c> bytes of <paramref name="literal"/>, or null when it is not of this form.</summary>
    public static byte[]? TryWrite(Literal literal)
    {
        if (!IsWireForm(literal, 0)) return null;
        var bytes = new byte[LiteralSize(literal)];
        var position = 0;
        WriteLiteral(bytes, ref position, literal);
        return bytes;
    }

    /// <summary>The literal in <paramref name="bytes"/>, or null when they are not exactly this form.</summary>
    public static Literal? TryRead(ReadOnlySpan<byte> bytes) => TryReadLiteral(bytes, 0, out var literal) ? literal : null;

    /// <summary>
    /// The <c>flyteidl.core.LiteralMap</c> bytes of <paramref name="map"/> (a task's <c>inputs.pb</c>/<c>outputs.pb</c>) when
    /// one of its values is of this form; the other values are written by Google.Protobuf and embedded. Null otherwise.
    /// </summary>
    public static byte[]? TryWrite(LiteralMap map)
    {
        var entries = map.Literals;
        var others = new byte[]?[entries.Count];
        var direct = false;
        var size = 0;
        var i = 0;
        foreach (var (key, value) in entries)
        {
            var wire = IsWireForm(value, 0);
            direct |= wire;
            if (!wire) others[i] = ProtoMapping.ToProto(value).ToByteArray();
            size = checked(size + Field(EntrySize(key, others[i] is { } bytes ? bytes.Length : LiteralSize(value))));
            i++;
        }
        if (!direct) return null;
        var result = new byte[size];
        var at = 0;
        i = 0;
        foreach (var (key, value) in entries)
        {
            var valueSize = others[i] is { } bytes ? bytes.Length : LiteralSize(value);
            WriteHeader(result, ref at, MapLiterals, EntrySize(key, valueSize));
            if (key.Length != 0) WriteString(result, ref at, EntryKey, key);
            WriteHeader(result, ref at, EntryValue, valueSize);
            if (others[i] is { } other)
            {
                other.CopyTo(result, at);
                at += other.Length;
            }
            else WriteLiteral(result, ref at, value);
            i++;
        }
        return result;
    }

    /// <summary>
    /// The literal map in <paramref name="bytes"/> when its entries are canonical; the values not of this form are read by
    /// Google.Protobuf, each as a map of its one entry (so at the same depth, with the same error paths). Null when the
    /// bytes are not canonical, no value is of this form, a key repeats, or an entry fails (the general path then decides).
    /// </summary>
    public static LiteralMap? TryReadMap(ReadOnlySpan<byte> bytes)
    {
        var entries = new List<KeyValuePair<string, Literal>>();
        var direct = false;
        for (var at = 0; at < bytes.Length;)
        {
            var start = at;
            if (!TryReadField(bytes, ref at, out var tag, out var entry) || tag != MapLiterals) return null;
            var inner = 0;
            var key = "";
            if (inner < entry.Length && entry[inner] == EntryKey)
            {
                if (!TryReadField(entry, ref inner, out _, out var text) || !TryReadString(text, out key)) return null;
            }
            if (!TryReadField(entry, ref inner, out tag, out var body) || tag != EntryValue || inner != entry.Length) return null;
            if (TryReadLiteral(body, 0, out var value))
            {
                direct = true;
                entries.Add(KeyValuePair.Create(key, value));
            }
            else if (ReadByGoogleProtobuf(bytes[start..at]) is { } other) entries.Add(KeyValuePair.Create(key, other));
            else return null;
        }
        if (!direct) return null;
        try
        {
            return new LiteralMap(entries.ToValueMap());
        }
        catch (ArgumentException)
        {
            return null;   // a repeated key: protobuf keeps the last one, the general path knows how
        }
    }

    private static Literal? ReadByGoogleProtobuf(ReadOnlySpan<byte> mapOfOneEntry)
    {
        try
        {
            return ProtoMapping.ToModel(Flyteidl.Core.LiteralMap.Parser.ParseFrom(mapOfOneEntry)).Literals.Values.Single();
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ProtoMappingException)
        {
            return null;
        }
    }

    private static int EntrySize(string key, int valueSize) => checked((key.Length == 0 ? 0 : Field(Utf8Length(key))) + Field(valueSize));

    private static bool IsWireForm(Literal literal, int depth)
    {
        if (literal.Metadata.Count != 0) return false;
        switch (literal.Value)
        {
            case Binary: return true;
            case Flyte.LiteralCollection { Packed: not null }: return true;
            case Flyte.LiteralCollection collection when depth < MaxDepth:
                foreach (var item in collection.Literals)
                    if (!IsWireForm(item, depth + 1)) return false;
                return true;
            default: return false;
        }
    }

    private static int LiteralSize(Literal literal)
    {
        var value = literal.Value is Binary binary ? ScalarSize(binary) : CollectionSize((Flyte.LiteralCollection)literal.Value);
        return checked(Field(value) + (literal.Hash.Length == 0 ? 0 : Field(Utf8Length(literal.Hash))));
    }

    private static int ScalarSize(Binary binary) => ScalarSize(binary.Value.Length, binary.Tag);

    private static int ScalarSize(int length, string tag) => Field(BinarySize(length, tag));

    private static int BinarySize(int length, string tag) =>
        checked((length == 0 ? 0 : Field(length)) + (tag.Length == 0 ? 0 : Field(Utf8Length(tag))));

    private static int CollectionSize(Flyte.LiteralCollection collection)
    {
        var size = 0;
        if (collection.Packed is { } packed)
            for (var i = 0; i < packed.Count; i++) size = checked(size + Field(Field(ScalarSize(packed.Memory(i).Length, packed.Tag))));
        else
            foreach (var item in collection.Literals) size = checked(size + Field(LiteralSize(item)));
        return size;
    }

    // A length-delimited field of a one-byte tag: tag, length, body.
    private static int Field(int length) => checked(1 + VarintSize((uint)length) + length);

    private static int VarintSize(uint value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;

    private static int Utf8Length(string text) => ReferenceEquals(text, Binary.MessagePackTag) ? 7 : Encoding.UTF8.GetByteCount(text);

    private static void WriteLiteral(byte[] to, ref int at, Literal literal)
    {
        if (literal.Value is Binary binary) WriteBinaryScalar(to, ref at, binary.Value.Span, binary.Tag);
        else
        {
            var collection = (Flyte.LiteralCollection)literal.Value;
            WriteHeader(to, ref at, LiteralCollection, CollectionSize(collection));
            if (collection.Packed is { } packed)
                for (var i = 0; i < packed.Count; i++)
                {
                    var value = packed.Memory(i).Span;
                    WriteHeader(to, ref at, CollectionLiterals, Field(ScalarSize(value.Length, packed.Tag)));
                    WriteBinaryScalar(to, ref at, value, packed.Tag);
                }
            else
                foreach (var item in collection.Literals)
                {
                    WriteHeader(to, ref at, CollectionLiterals, LiteralSize(item));
                    WriteLiteral(to, ref at, item);
                }
        }
        if (literal.Hash.Length != 0) WriteString(to, ref at, LiteralHash, literal.Hash);
    }

    // The scalar field of a Literal holding Binary{value, tag}.
    private static void WriteBinaryScalar(byte[] to, ref int at, ReadOnlySpan<byte> value, string tag)
    {
        WriteHeader(to, ref at, LiteralScalar, ScalarSize(value.Length, tag));
        WriteHeader(to, ref at, ScalarBinary, BinarySize(value.Length, tag));
        if (value.Length != 0)
        {
            WriteHeader(to, ref at, BinaryValue, value.Length);
            value.CopyTo(to.AsSpan(at));
            at += value.Length;
        }
        if (tag.Length != 0) WriteString(to, ref at, BinaryTag, tag);
    }

    private static void WriteString(byte[] to, ref int at, byte tag, string text)
    {
        WriteHeader(to, ref at, tag, Utf8Length(text));
        at += Encoding.UTF8.GetBytes(text, to.AsSpan(at));
    }

    private static void WriteHeader(byte[] to, ref int at, byte tag, int length)
    {
        to[at++] = tag;
        var value = (uint)length;
        while (value >= 0x80)
        {
            to[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        to[at++] = (byte)value;
    }

    private static bool TryReadLiteral(ReadOnlySpan<byte> message, int depth, [NotNullWhen(true)] out Literal? literal)
    {
        literal = null;
        var at = 0;
        LiteralValue value;
        if (!TryReadField(message, ref at, out var tag, out var body)) return false;
        if (tag == LiteralScalar)
        {
            if (!TryReadBinaryScalar(body, out var binary)) return false;
            value = binary;
        }
        else if (tag == LiteralCollection && depth < MaxDepth)
        {
            if (!TryReadCollection(body, depth + 1, out var collection)) return false;
            value = collection;
        }
        else return false;
        var hash = "";
        if (at < message.Length)
        {
            if (!TryReadField(message, ref at, out tag, out body) || tag != LiteralHash || at != message.Length
                || !TryReadString(body, out hash)) return false;
        }
        literal = hash.Length == 0 ? new Literal(value) : new Literal(value) { Hash = hash };
        return true;
    }

    private static bool TryReadCollection(ReadOnlySpan<byte> message, int depth, [NotNullWhen(true)] out Flyte.LiteralCollection? collection)
    {
        collection = null;
        var count = 0;
        for (var at = 0; at < message.Length; count++)
            if (!TryReadField(message, ref at, out var tag, out _) || tag != CollectionLiterals) return false;
        if (TryReadPacked(message, count) is { } packed)
        {
            collection = Flyte.LiteralCollection.Of(packed);
            return true;
        }
        var items = new Literal[count];
        for (int at = 0, i = 0; i < count; i++)
        {
            TryReadField(message, ref at, out _, out var body);
            if (!TryReadLiteral(body, depth, out var item)) return false;
            items[i] = item;
        }
        collection = new(ImmutableCollectionsMarshal.AsImmutableArray(items));
        return true;
    }

    // The collection's elements packed (PackedBinaries) when all of them (at least one) are Binary literals of one tag
    // without a hash: one pass to check and measure, one to copy.
    private static PackedBinaries? TryReadPacked(ReadOnlySpan<byte> message, int count)
    {
        if (count == 0) return null;
        ReadOnlySpan<byte> tag = default;
        var total = 0;
        for (int at = 0, i = 0; i < count; i++)
        {
            TryReadField(message, ref at, out _, out var element);
            if (!TryReadBinaryLiteral(element, out var value, out var text) || (i > 0 && !text.SequenceEqual(tag))) return null;
            if (i == 0) tag = text;
            total += value.Length;
        }
        if (!TryReadString(tag, out var tagText)) return null;
        var buffer = new byte[total];
        var ends = new int[count];
        for (int at = 0, i = 0, end = 0; i < count; i++)
        {
            TryReadField(message, ref at, out _, out var element);
            TryReadBinaryLiteral(element, out var value, out _);
            value.CopyTo(buffer.AsSpan(end));
            ends[i] = end += value.Length;
        }
        return new PackedBinaries(buffer, ends, tagText);
    }

    // A Literal holding only a scalar binary: its bytes and its tag's UTF-8 (not yet validated).
    private static bool TryReadBinaryLiteral(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> tag)
    {
        value = tag = default;
        var at = 0;
        return TryReadField(message, ref at, out var field, out var scalar) && field == LiteralScalar && at == message.Length
               && TryReadBinaryFields(scalar, out value, out tag);
    }

    private static bool TryReadBinaryScalar(ReadOnlySpan<byte> message, [NotNullWhen(true)] out Binary? binary)
    {
        binary = null;
        if (!TryReadBinaryFields(message, out var value, out var tag) || !TryReadString(tag, out var text)) return false;
        binary = new Binary(value.IsEmpty ? Bytes.Empty : Bytes.Wrap(value.ToArray()), text);
        return true;
    }

    // A Scalar holding only a binary: the binary's value and tag fields, each left out when empty.
    private static bool TryReadBinaryFields(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> tag)
    {
        value = tag = default;
        var at = 0;
        if (!TryReadField(message, ref at, out var field, out var body) || field != ScalarBinary || at != message.Length) return false;
        at = 0;
        if (at < body.Length && body[at] == BinaryValue && !TryReadField(body, ref at, out _, out value)) return false;
        if (at < body.Length && body[at] == BinaryTag && !TryReadField(body, ref at, out _, out tag)) return false;
        return at == body.Length;
    }

    private static bool TryReadString(ReadOnlySpan<byte> utf8, out string text)
    {
        if (utf8.SequenceEqual("msgpack"u8))
        {
            text = Binary.MessagePackTag;
            return true;
        }
        try
        {
            text = StrictUtf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    // One length-delimited field with a one-byte tag; false for anything else or a length past the end.
    private static bool TryReadField(ReadOnlySpan<byte> message, scoped ref int at, out byte tag, out ReadOnlySpan<byte> body)
    {
        body = default;
        tag = 0;
        if (at >= message.Length) return false;
        tag = message[at++];
        if ((tag & 0x80) != 0 || (tag & 7) != 2) return false;
        uint length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= message.Length || shift > 28) return false;
            var b = message[at++];
            if (shift == 28 && b > 0x0F) return false;   // a length past 32 bits
            length |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        if (length > (uint)(message.Length - at)) return false;
        body = message.Slice(at, (int)length);
        at += (int)length;
        return true;
    }
}
