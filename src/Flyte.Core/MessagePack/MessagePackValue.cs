using System.Buffers;
using System.Globalization;
using System.Text;

namespace Flyte.MessagePack;

/// <summary>One entry of a <see cref="MessagePackValue.MapValue"/>: keys may be any value, as in msgpack-python.</summary>
/// <param name="Key">The entry's key.</param>
/// <param name="Value">The entry's value.</param>
public readonly record struct MessagePackEntry(MessagePackValue Key, MessagePackValue Value);

/// <summary>
/// An immutable MessagePack value tree for untyped data (dicts of unknown shape, attribute-path access). Equality is
/// structural and order-sensitive, and keeps what the encoding keeps: float32 differs from float64, map order matters.
/// Integers compare by value whatever their sign representation, since their encoding follows from the value.
/// </summary>
public abstract record MessagePackValue
{
    /// <summary>Deepest nesting <see cref="Read"/> accepts, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 512;

    private protected MessagePackValue()
    {
    }

    /// <summary>The kind of value.</summary>
    public abstract MessagePackType Type { get; }

    /// <summary><c>nil</c>.</summary>
    public static MessagePackValue Nil => NilValue.Instance;

    /// <summary>An array of the given items.</summary>
    public static ArrayValue ArrayOf(params MessagePackValue[] items) => new(ValueList.Of(items));

    /// <summary>A map of the given entries, in order.</summary>
    public static MapValue MapOf(params (MessagePackValue Key, MessagePackValue Value)[] entries) =>
        new(new ValueList<MessagePackEntry>(entries.Select(e => new MessagePackEntry(e.Key, e.Value))));

    /// <summary>A boolean.</summary>
    public static implicit operator MessagePackValue(bool value) => new BooleanValue(value);

    /// <summary>An integer.</summary>
    public static implicit operator MessagePackValue(int value) => new IntegerValue(value);

    /// <summary>An integer.</summary>
    public static implicit operator MessagePackValue(long value) => new IntegerValue(value);

    /// <summary>An integer.</summary>
    public static implicit operator MessagePackValue(ulong value) => new IntegerValue(value);

    /// <summary>A float64.</summary>
    public static implicit operator MessagePackValue(double value) => new FloatValue(value);

    /// <summary>A string; <c>null</c> becomes <c>nil</c>.</summary>
    public static implicit operator MessagePackValue(string? value) => value is null ? Nil : new StringValue(value);

    /// <summary>Reads one value (with everything nested in it) from <paramref name="reader"/>.</summary>
    /// <exception cref="MessagePackException">Malformed or truncated input, or nesting deeper than <see cref="MaxDepth"/>.</exception>
    public static MessagePackValue Read(ref MessagePackReader reader) => ReadNested(ref reader, 0);

    /// <summary>Decodes exactly one value from <paramref name="messagePack"/>; trailing bytes are an error.</summary>
    public static MessagePackValue Decode(ReadOnlySpan<byte> messagePack)
    {
        var reader = new MessagePackReader(messagePack);
        var value = Read(ref reader);
        if (!reader.End)
            throw new MessagePackException($"Expected the input to end after one value at offset {reader.Position} but {reader.Remaining} bytes remain.", reader.Position);
        return value;
    }

    /// <summary>Writes this value with <paramref name="writer"/>.</summary>
    public abstract void Write(ref MessagePackWriter writer);

    /// <summary>Encodes this value into a new array.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Write(ref writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A compact, JSON-like rendering: <c>{"a": 1, "b": [1.5, b"00ff", nil]}</c>.</summary>
    public sealed override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    private protected abstract void AppendTo(StringBuilder builder);

    private static MessagePackValue ReadNested(ref MessagePackReader reader, int depth)
    {
        var start = reader.Position;
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return NilValue.Instance;
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? BooleanValue.True : BooleanValue.False;
            case MessagePackType.Integer:
                var bits = reader.ReadIntegerRaw(out var negative);
                return negative ? new IntegerValue(unchecked((long)bits)) : new IntegerValue(bits);
            case MessagePackType.Float:
                return reader.PeekFormatByte() == MessagePackCode.Float32
                    ? FloatValue.Single(reader.ReadSingle())
                    : new FloatValue(reader.ReadDouble());
            case MessagePackType.String:
                return new StringValue(reader.ReadString());
            case MessagePackType.Binary:
                return new BinaryValue(Bytes.CopyFrom(reader.ReadBinary()));
        }

        if (depth >= MaxDepth)
            throw new MessagePackException($"Nesting deeper than {MaxDepth} levels at offset {start}.", start);
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new MessagePackException($"Nesting deeper than this thread's stack allows ({depth} levels) at offset {start}.", start);

        if (reader.PeekType() == MessagePackType.Array)
        {
            var count = reader.ReadArrayHeader();
            var items = new MessagePackValue[count];
            for (var i = 0; i < count; i++) items[i] = ReadNested(ref reader, depth + 1);
            return new ArrayValue(items);
        }

        var entryCount = reader.ReadMapHeader();
        var entries = new MessagePackEntry[entryCount];
        for (var i = 0; i < entryCount; i++)
        {
            var key = ReadNested(ref reader, depth + 1);
            entries[i] = new MessagePackEntry(key, ReadNested(ref reader, depth + 1));
        }

        return new MapValue(entries);
    }

    private static void AppendHex(StringBuilder builder, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
    }

    /// <summary><c>nil</c>.</summary>
    public sealed record NilValue : MessagePackValue
    {
        private NilValue()
        {
        }

        /// <summary>The only instance.</summary>
        public static NilValue Instance { get; } = new();

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Nil;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer) => writer.WriteNil();

        private protected override void AppendTo(StringBuilder builder) => builder.Append("nil");
    }

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public sealed record BooleanValue : MessagePackValue
    {
        /// <summary>Creates a boolean.</summary>
        public BooleanValue(bool value) => Value = value;

        /// <summary><c>true</c>.</summary>
        public static BooleanValue True { get; } = new(true);

        /// <summary><c>false</c>.</summary>
        public static BooleanValue False { get; } = new(false);

        /// <summary>The boolean.</summary>
        public bool Value { get; }

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Boolean;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer) => writer.Write(Value);

        private protected override void AppendTo(StringBuilder builder) => builder.Append(Value ? "true" : "false");
    }

    /// <summary>An integer anywhere in [<see cref="long.MinValue"/>, <see cref="ulong.MaxValue"/>], written in its smallest encoding.</summary>
    public sealed record IntegerValue : MessagePackValue
    {
        // Normalized so that equal values have equal fields: a negative flag and the two's-complement bits.
        private readonly ulong _bits;
        private readonly bool _negative;

        /// <summary>Creates an integer from a signed value.</summary>
        public IntegerValue(long value) => (_bits, _negative) = (unchecked((ulong)value), value < 0);

        /// <summary>Creates an integer from an unsigned value.</summary>
        public IntegerValue(ulong value) => (_bits, _negative) = (value, false);

        /// <summary>Whether the value is below zero.</summary>
        public bool IsNegative => _negative;

        /// <summary>Whether the value fits <see cref="long"/> (false only above <see cref="long.MaxValue"/>).</summary>
        public bool FitsInt64 => _negative || _bits <= long.MaxValue;

        /// <summary>The value as <see cref="long"/>.</summary>
        /// <exception cref="OverflowException">The value is above <see cref="long.MaxValue"/>.</exception>
        public long ToInt64() => FitsInt64 ? unchecked((long)_bits) : throw new OverflowException($"{_bits} does not fit in Int64.");

        /// <summary>The value as <see cref="ulong"/>.</summary>
        /// <exception cref="OverflowException">The value is negative.</exception>
        public ulong ToUInt64() => !_negative ? _bits : throw new OverflowException($"{unchecked((long)_bits)} does not fit in UInt64.");

        /// <summary>The value as the nearest <see cref="double"/>.</summary>
        public double ToDouble() => _negative ? unchecked((long)_bits) : _bits;

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Integer;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer)
        {
            if (_negative) writer.Write(unchecked((long)_bits));
            else writer.Write(_bits);
        }

        private protected override void AppendTo(StringBuilder builder)
        {
            if (_negative) builder.Append(unchecked((long)_bits).ToString(CultureInfo.InvariantCulture));
            else builder.Append(_bits.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A float64, or a float32 made with <see cref="Single"/> (whose exact bits are kept).</summary>
    public sealed record FloatValue : MessagePackValue
    {
        // The float32 is kept as such: widening a signalling NaN to double can change its bits.
        private readonly float _single;

        /// <summary>Creates a float64.</summary>
        public FloatValue(double value) => Value = value;

        private FloatValue(float value) => (_single, Value, IsSingle) = (value, value, true);

        /// <summary>A float32 value.</summary>
        public static FloatValue Single(float value) => new(value);

        /// <summary>The number (a float32 widened to double).</summary>
        public double Value { get; }

        /// <summary>Whether it is written as float32 (0xca) rather than float64 (0xcb).</summary>
        public bool IsSingle { get; }

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Float;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer)
        {
            if (IsSingle) writer.Write(_single);
            else writer.Write(Value);
        }

        private protected override void AppendTo(StringBuilder builder)
        {
            builder.Append(Value.ToString("R", CultureInfo.InvariantCulture));
            if (IsSingle) builder.Append('f');
        }
    }

    /// <summary>A string (str family).</summary>
    public sealed record StringValue : MessagePackValue
    {
        /// <summary>Creates a string value.</summary>
        public StringValue(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

        /// <summary>The text.</summary>
        public string Value { get; }

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.String;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer) => writer.WriteString(Value);

        private protected override void AppendTo(StringBuilder builder) =>
            builder.Append('"').Append(Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>Raw bytes (bin family).</summary>
    public sealed record BinaryValue : MessagePackValue
    {
        /// <summary>Creates a binary value.</summary>
        public BinaryValue(Bytes value) => Value = value ?? throw new ArgumentNullException(nameof(value));

        /// <summary>The bytes.</summary>
        public Bytes Value { get; }

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Binary;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer) => writer.WriteBinary(Value.Span);

        private protected override void AppendTo(StringBuilder builder)
        {
            builder.Append("b\"");
            AppendHex(builder, Value.Span);
            builder.Append('"');
        }
    }

    /// <summary>An array.</summary>
    public sealed record ArrayValue : MessagePackValue
    {
        /// <summary>Creates an array of <paramref name="items"/>.</summary>
        public ArrayValue(ValueList<MessagePackValue> items)
        {
            foreach (var item in items) ArgumentNullException.ThrowIfNull(item, nameof(items));
            Items = items;
        }

        /// <summary>The elements.</summary>
        public ValueList<MessagePackValue> Items { get; }

        /// <summary>The element at <paramref name="index"/>.</summary>
        public MessagePackValue this[int index] => Items[index];

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Array;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteArrayHeader(Items.Count);
            foreach (var item in Items) item.Write(ref writer);
        }

        private protected override void AppendTo(StringBuilder builder)
        {
            builder.Append('[');
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0) builder.Append(", ");
                Items[i].AppendTo(builder);
            }

            builder.Append(']');
        }
    }

    /// <summary>A map whose keys may be any value; entries keep their order (flytekit writes dataclass fields in declaration order).</summary>
    public sealed record MapValue : MessagePackValue
    {
        /// <summary>Creates a map of <paramref name="entries"/> in order.</summary>
        public MapValue(ValueList<MessagePackEntry> entries)
        {
            foreach (var entry in entries)
                if (entry.Key is null || entry.Value is null) throw new ArgumentNullException(nameof(entries), "A map entry has a null key or value; use MessagePackValue.Nil.");
            Entries = entries;
        }

        /// <summary>The entries, in order.</summary>
        public ValueList<MessagePackEntry> Entries { get; }

        /// <summary>The value for <paramref name="key"/>.</summary>
        /// <exception cref="KeyNotFoundException">No entry has that key.</exception>
        public MessagePackValue this[MessagePackValue key] =>
            TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The map has no key {key}.");

        /// <summary>
        /// Finds the value for <paramref name="key"/>. When a key repeats, the last entry wins, as when Python unpacks
        /// into a dict.
        /// </summary>
        public bool TryGetValue(MessagePackValue key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out MessagePackValue value)
        {
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (Entries[i].Key.Equals(key))
                {
                    value = Entries[i].Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <summary>Finds the value for a string key without allocating a key value (the last entry wins when it repeats).</summary>
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out MessagePackValue value)
        {
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (Entries[i].Key is StringValue s && s.Value == key)
                {
                    value = Entries[i].Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        /// <inheritdoc />
        public override MessagePackType Type => MessagePackType.Map;

        /// <inheritdoc />
        public override void Write(ref MessagePackWriter writer)
        {
            writer.WriteMapHeader(Entries.Count);
            foreach (var (key, value) in Entries)
            {
                key.Write(ref writer);
                value.Write(ref writer);
            }
        }

        private protected override void AppendTo(StringBuilder builder)
        {
            builder.Append('{');
            for (var i = 0; i < Entries.Count; i++)
            {
                if (i > 0) builder.Append(", ");
                Entries[i].Key.AppendTo(builder);
                builder.Append(": ");
                Entries[i].Value.AppendTo(builder);
            }

            builder.Append('}');
        }
    }
}
