namespace Flyte;

/// <summary>Flyte's primitive types (<c>flyteidl.core.SimpleType</c>).</summary>
public enum SimpleType
{
    /// <summary>No value.</summary>
    None = 0,
    /// <summary>A 64-bit signed integer.</summary>
    Integer = 1,
    /// <summary>A 64-bit float.</summary>
    Float = 2,
    /// <summary>A UTF-8 string.</summary>
    String = 3,
    /// <summary>A boolean.</summary>
    Boolean = 4,
    /// <summary>A point in time (UTC).</summary>
    Datetime = 5,
    /// <summary>A length of time.</summary>
    Duration = 6,
    /// <summary>Opaque bytes.</summary>
    Binary = 7,
    /// <summary>An error from a failed node.</summary>
    Error = 8,
    /// <summary>A structured value: msgpack <see cref="Binary"/> or a protobuf Struct.</summary>
    Struct = 9,
}

/// <summary>The type of a Flyte value (<c>flyteidl.core.LiteralType</c>).</summary>
/// <param name="Type">Which kind of type this is (the proto's <c>type</c> oneof).</param>
public sealed record LiteralType(TypeKind Type)
{
    /// <summary>Free-form metadata; for records, their JSON schema.</summary>
    public Struct? Metadata { get; init; }

    /// <summary>Annotations that are part of the interface but not of the value (e.g. cache-key metadata).</summary>
    public TypeAnnotation? Annotation { get; init; }

    /// <summary>Tag and per-field types, used for union variants and attribute access.</summary>
    public TypeStructure? Structure { get; init; }

    /// <summary>A simple type.</summary>
    public static LiteralType Of(SimpleType simple) => new(new TypeKind.Simple(simple));

    /// <summary>A list whose elements have <paramref name="elementType"/>.</summary>
    public static LiteralType CollectionOf(LiteralType elementType) => new(new TypeKind.CollectionType(elementType));

    /// <summary>A string-keyed map whose values have <paramref name="valueType"/>.</summary>
    public static LiteralType MapOf(LiteralType valueType) => new(new TypeKind.MapValueType(valueType));

    /// <summary>A union of the given variants.</summary>
    public static LiteralType UnionOf(params LiteralType[] variants) => new(new UnionType(variants));

    /// <summary>The same type carrying the structure tag <paramref name="tag"/> (as union variants do).</summary>
    public LiteralType WithTag(string tag) => this with { Structure = (Structure ?? TypeStructure.Empty) with { Tag = tag } };

    /// <inheritdoc />
    public override string ToString()
    {
        var text = Type.ToString();
        if (Structure is { Tag.Length: > 0 } s) text += $"#{s.Tag}";
        return text;
    }
}

/// <summary>The kinds a <see cref="LiteralType"/> can be (the proto's <c>type</c> oneof).</summary>
public abstract record TypeKind
{
    private protected TypeKind() { }

    /// <summary>A <see cref="SimpleType"/>.</summary>
    public sealed record Simple(SimpleType Type) : TypeKind
    {
        /// <inheritdoc />
        public override string ToString() => Type.ToString().ToUpperInvariant();
    }

    /// <summary>A list (<c>collection_type</c>).</summary>
    public sealed record CollectionType(LiteralType ElementType) : TypeKind
    {
        /// <inheritdoc />
        public override string ToString() => $"list<{ElementType}>";
    }

    /// <summary>A string-keyed map (<c>map_value_type</c>).</summary>
    public sealed record MapValueType(LiteralType ValueType) : TypeKind
    {
        /// <inheritdoc />
        public override string ToString() => $"map<string, {ValueType}>";
    }
}

/// <summary>The legacy FlyteSchema type: named columns of simple types.</summary>
public sealed record SchemaType(ValueList<SchemaColumn> Columns) : TypeKind
{
    /// <inheritdoc />
    public override string ToString() => $"schema{Columns}";
}

/// <summary>A column of a <see cref="SchemaType"/>.</summary>
public sealed record SchemaColumn(string Name, SchemaColumnType Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type.ToString().ToUpperInvariant()}";
}

/// <summary>The column types of a <see cref="SchemaType"/>.</summary>
public enum SchemaColumnType
{
    /// <summary>64-bit integer.</summary>
    Integer = 0,
    /// <summary>64-bit float.</summary>
    Float = 1,
    /// <summary>String.</summary>
    String = 2,
    /// <summary>Boolean.</summary>
    Boolean = 3,
    /// <summary>Point in time.</summary>
    Datetime = 4,
    /// <summary>Length of time.</summary>
    Duration = 5,
}

/// <summary>Whether a blob is one file or a folder of files.</summary>
public enum BlobDimensionality
{
    /// <summary>One file (FlyteFile).</summary>
    Single = 0,
    /// <summary>A folder (FlyteDirectory).</summary>
    Multipart = 1,
}

/// <summary>An offloaded file or directory type (<c>flyteidl.core.BlobType</c>).</summary>
/// <param name="Format">The format, e.g. <c>csv</c>; empty matches any format.</param>
/// <param name="Dimensionality">One file or a folder.</param>
public sealed record BlobType(string Format, BlobDimensionality Dimensionality) : TypeKind
{
    /// <inheritdoc />
    public override string ToString() => $"blob({Format}, {Dimensionality.ToString().ToUpperInvariant()})";
}

/// <summary>A string restricted to a set of values (<c>flyteidl.core.EnumType</c>); the first is the default.</summary>
public sealed record EnumType(ValueList<string> Values) : TypeKind
{
    /// <inheritdoc />
    public override string ToString() => "enum(" + string.Join("|", Values) + ")";
}

/// <summary>A value of exactly one of several types (<c>flyteidl.core.UnionType</c>).</summary>
public sealed record UnionType(ValueList<LiteralType> Variants) : TypeKind
{
    /// <inheritdoc />
    public override string ToString() => "union(" + string.Join(" | ", Variants) + ")";
}

/// <summary>A column of a <see cref="StructuredDatasetType"/>.</summary>
public sealed record DatasetColumn(string Name, LiteralType LiteralType)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {LiteralType}";
}

/// <summary>A dataframe-like dataset stored in the blob store (<c>flyteidl.core.StructuredDatasetType</c>).</summary>
/// <param name="Columns">Declared columns; empty means any.</param>
/// <param name="Format">Storage format, e.g. <c>parquet</c> or <c>csv</c>; empty matches any.</param>
/// <param name="ExternalSchemaType">Kind of the external schema, e.g. <c>arrow</c>.</param>
/// <param name="ExternalSchemaBytes">The external schema itself.</param>
public sealed record StructuredDatasetType(
    ValueList<DatasetColumn> Columns, string Format, string ExternalSchemaType, Bytes ExternalSchemaBytes) : TypeKind
{
    /// <summary>A dataset type with columns and format only.</summary>
    public StructuredDatasetType(ValueList<DatasetColumn> columns, string format) : this(columns, format, "", Bytes.Empty) { }

    /// <inheritdoc />
    public override string ToString() => $"structured_dataset({Format}){Columns}";
}

/// <summary>Tag and per-field types of a type (<c>flyteidl.core.TypeStructure</c>).</summary>
/// <param name="Tag">Must match exactly for two types to be castable; union variants carry their transformer name here.</param>
/// <param name="DataclassType">For records: the literal type of each field, used to type attribute access.</param>
public sealed record TypeStructure(string Tag, ValueMap<LiteralType> DataclassType)
{
    /// <summary>No tag, no fields.</summary>
    public static TypeStructure Empty { get; } = new("", ValueMap<LiteralType>.Empty);
}

/// <summary>Annotations carried by a type at registration time (<c>flyteidl.core.TypeAnnotation</c>).</summary>
public sealed record TypeAnnotation(Struct Annotations);
