using System.Globalization;

namespace Flyte;

/// <summary>A Flyte value (<c>flyteidl.core.Literal</c>): what crosses every task boundary.</summary>
/// <param name="Value">The value itself (the proto's <c>value</c> oneof).</param>
public sealed record Literal(LiteralValue Value)
{
    /// <summary>Overrides the value's hash when computing cache keys; empty when unset.</summary>
    public string Hash { get; init; } = "";

    /// <summary>Free-form string metadata attached to the value.</summary>
    public ValueMap<string> Metadata { get; init; } = ValueMap<string>.Empty;

    /// <summary>Wraps a value in a literal with no hash and no metadata.</summary>
    public static implicit operator Literal(LiteralValue value) => new(value);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = Value.ToString();
        if (Hash.Length > 0) text += $" #{Hash}";
        if (Metadata.Count > 0) text += $" {Metadata}";
        return text;
    }
}

/// <summary>The kinds a <see cref="Literal"/> can be: a <see cref="Scalar"/>, a collection, a map or an offloaded literal.</summary>
public abstract record LiteralValue
{
    private protected LiteralValue() { }
}

/// <summary>A list of literals (<c>flyteidl.core.LiteralCollection</c>).</summary>
/// <remarks>
/// Read from protobuf bytes, a collection of msgpack binaries (flytekit's <c>List[dataclass]</c>) keeps its elements'
/// bytes in one buffer, read by the collection transformer from there; <see cref="Literals"/> makes the element literals
/// on first use. Equality is by the elements either way.
/// </remarks>
public sealed record LiteralCollection : LiteralValue
{
    private readonly ValueList<Literal> _literals;
    private readonly PackedBinaries? _packed;
    private Literal[]? _unpacked;

    /// <summary>A collection of <paramref name="Literals"/>.</summary>
    public LiteralCollection(ValueList<Literal> Literals) => _literals = Literals;

    private LiteralCollection(PackedBinaries packed) => _packed = packed;

    /// <summary>A collection of the packed binaries (see <see cref="PackedBinaries"/>).</summary>
    internal static LiteralCollection Of(PackedBinaries packed) => new(packed);

    /// <summary>The elements.</summary>
    public ValueList<Literal> Literals
    {
        get => _packed is null ? _literals : System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(Unpacked());
        init
        {
            _literals = value;
            _packed = null;
            _unpacked = null;
        }
    }

    /// <summary>The elements' bytes when they are all binaries kept packed; null otherwise.</summary>
    internal PackedBinaries? Packed => _packed;

    private Literal[] Unpacked()
    {
        if (Volatile.Read(ref _unpacked) is null) Interlocked.CompareExchange(ref _unpacked, _packed!.ToLiterals(), null);
        return _unpacked!;
    }

    /// <summary>Deconstructs into the elements.</summary>
    public void Deconstruct(out ValueList<Literal> Literals) => Literals = this.Literals;

    /// <inheritdoc />
    public bool Equals(LiteralCollection? other) =>
        ReferenceEquals(this, other) || other is not null &&
        (_packed is { } a && other._packed is { } b ? a.ContentEquals(b) : Literals.Equals(other.Literals));

    /// <inheritdoc />
    public override int GetHashCode() => Literals.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => Literals.ToString();
}

/// <summary>A string-keyed map of literals (<c>flyteidl.core.LiteralMap</c>); also the shape of task inputs and outputs.</summary>
public sealed record LiteralMap(ValueMap<Literal> Literals) : LiteralValue
{
    /// <summary>The empty map.</summary>
    public static LiteralMap Empty { get; } = new(ValueMap<Literal>.Empty);

    /// <inheritdoc />
    public override string ToString() => Literals.ToString();
}

/// <summary>A literal stored in its own file, too large to travel inline (<c>flyteidl.core.LiteralOffloadedMetadata</c>).</summary>
public sealed record LiteralOffloadedMetadata(string Uri, ulong SizeBytes, LiteralType InferredType) : LiteralValue
{
    /// <inheritdoc />
    public override string ToString() => $"offloaded({InferredType}, {SizeBytes} bytes) {Uri}";
}

/// <summary>A single value (the proto's <c>Scalar</c> oneof); each kind of scalar is its own record.</summary>
public abstract record Scalar : LiteralValue
{
    private protected Scalar() { }
}

/// <summary>A primitive value (<c>flyteidl.core.Primitive</c>).</summary>
public abstract record Primitive : Scalar
{
    private Primitive() { }

    /// <summary>A 64-bit integer.</summary>
    public sealed record Integer(long Value) : Primitive
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A 64-bit float.</summary>
    public sealed record FloatValue(double Value) : Primitive
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A string.</summary>
    public sealed record StringValue(string Value) : Primitive
    {
        /// <inheritdoc />
        public override string ToString() => "\"" + Value + "\"";
    }

    /// <summary>A boolean.</summary>
    public sealed record Boolean(bool Value) : Primitive
    {
        /// <inheritdoc />
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>A point in time, always UTC (protobuf Timestamp, here at 100 ns precision).</summary>
    public sealed record Datetime : Primitive
    {
        /// <summary>Creates a datetime; the value is converted to UTC.</summary>
        public Datetime(DateTime value) => Value = value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);

        /// <summary>The point in time, in UTC.</summary>
        public DateTime Value { get; }

        /// <inheritdoc />
        public override string ToString() => Value.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>A length of time (protobuf Duration, here at 100 ns precision).</summary>
    public sealed record Duration(TimeSpan Value) : Primitive
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString("c", CultureInfo.InvariantCulture);
    }
}

/// <summary>No value (<c>flyteidl.core.Void</c>, the proto's <c>none_type</c>).</summary>
public sealed record Void : Scalar
{
    /// <summary>The only void.</summary>
    public static Void Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "none";
}

/// <summary>Metadata of a blob: its <see cref="BlobType"/>.</summary>
public sealed record BlobMetadata(BlobType Type);

/// <summary>A file or directory that lives in the blob store (<c>flyteidl.core.Blob</c>).</summary>
public sealed record Blob(BlobMetadata Metadata, string Uri) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => $"{Metadata.Type} {Uri}";
}

/// <summary>Serialized bytes with a tag naming the format; <c>msgpack</c> for records (<c>flyteidl.core.Binary</c>).</summary>
public sealed record Binary(Bytes Value, string Tag) : Scalar
{
    /// <summary>The tag of MessagePack-encoded values.</summary>
    public const string MessagePackTag = "msgpack";

    /// <inheritdoc />
    public override string ToString() => $"binary({Tag}) {Value}";
}

/// <summary>A legacy FlyteSchema value (<c>flyteidl.core.Schema</c>).</summary>
public sealed record Schema(string Uri, SchemaType Type) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => $"{Type} {Uri}";
}

/// <summary>The error of a failed node, passed to a failure handler (<c>flyteidl.core.Error</c>).</summary>
public sealed record Error(string FailedNodeId, string Message) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => $"error({FailedNodeId}: {Message})";
}

/// <summary>A JSON-like value as a protobuf Struct (the proto's <c>generic</c>): the pre-msgpack record encoding.</summary>
public sealed record Generic(Struct Value) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => "generic" + Value;
}

/// <summary>Metadata of a structured dataset.</summary>
public sealed record StructuredDatasetMetadata(StructuredDatasetType StructuredDatasetType);

/// <summary>A dataframe-like dataset in the blob store (<c>flyteidl.core.StructuredDataset</c>).</summary>
public sealed record StructuredDataset(string Uri, StructuredDatasetMetadata? Metadata) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => $"{Metadata?.StructuredDatasetType.ToString() ?? "structured_dataset"} {Uri}";
}

/// <summary>A value of a union type, with the variant type it was written as (<c>flyteidl.core.Union</c>).</summary>
public sealed record Union(Literal Value, LiteralType Type) : Scalar
{
    /// <inheritdoc />
    public override string ToString() => $"{Value} as {Type}";
}
