namespace Flyte.Types;

/// <summary>
/// A value or literal that does not fit its type. Carries the path of the bad value (<c>batch.requests[2].feature_a</c>),
/// the expected Flyte type and what was found; record mismatches also list the missing, extra and mistyped fields.
/// </summary>
public sealed class TypeTransformerException : Exception
{
    /// <summary>Creates an error at the root path.</summary>
    /// <param name="expected">The expected Flyte type (or a description of it).</param>
    /// <param name="found">What was found instead.</param>
    /// <param name="detail">Why it does not fit, when more can be said.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public TypeTransformerException(LiteralType expected, string found, string? detail = null, Exception? inner = null)
        : this("", expected.ToString(), found, detail, [], inner) { }

    /// <summary>Creates an error at the root path with a described expectation.</summary>
    public TypeTransformerException(string expected, string found, string? detail = null, Exception? inner = null)
        : this("", expected, found, detail, [], inner) { }

    private TypeTransformerException(string path, string expected, string found, string? detail,
        IReadOnlyList<FieldMismatch> fields, Exception? inner)
        : base(Format(path, expected, found, detail, fields), inner)
    {
        Path = path;
        Expected = expected;
        Found = found;
        Detail = detail;
        Fields = fields;
    }

    /// <summary>The path of the bad value from the outermost value converted; empty for the value itself.</summary>
    public string Path { get; }

    /// <summary>The expected Flyte type.</summary>
    public string Expected { get; }

    /// <summary>What was found.</summary>
    public string Found { get; }

    /// <summary>Why it does not fit, when more can be said.</summary>
    public string? Detail { get; }

    /// <summary>For a record whose structure does not match: each missing, extra or mistyped field.</summary>
    public IReadOnlyList<FieldMismatch> Fields { get; }

    /// <summary>A record whose structure does not match, with each field that is missing, extra or mistyped.</summary>
    public static TypeTransformerException StructureMismatch(string expected, string found, IReadOnlyList<FieldMismatch> fields) =>
        new("", expected, found, null, fields, null);

    /// <summary>
    /// The same error seen from one level up: <paramref name="segment"/> is a field name (<c>feature_a</c>), an index
    /// (<c>[2]</c>) or a map key (<c>["k"]</c>), and is put in front of the current path.
    /// </summary>
    public TypeTransformerException AtPath(string segment)
    {
        var path = Path.Length == 0 ? segment
            : Path.StartsWith('[') ? segment + Path
            : segment + "." + Path;
        return new(path, Expected, Found, Detail, Fields, InnerException);
    }

    private static string Format(string path, string expected, string found, string? detail, IReadOnlyList<FieldMismatch> fields)
    {
        var where = path.Length == 0 ? "value" : $"'{path}'";
        var text = $"The {where} does not fit: expected {expected}, found {found}.";
        if (detail is not null) text += " " + detail;
        foreach (var field in fields) text += Environment.NewLine + "  " + field;
        return text;
    }
}

/// <summary>How one field of a record fails to match.</summary>
public enum FieldMismatchKind
{
    /// <summary>The type declares the field but the value lacks it.</summary>
    Missing,
    /// <summary>The value has a field the type does not declare.</summary>
    Extra,
    /// <summary>The field is there but its value has the wrong type.</summary>
    Mistyped,
}

/// <summary>One field of a record that does not match its declaration.</summary>
public sealed record FieldMismatch(string Field, FieldMismatchKind Kind, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} field '{Field}': {Description}";
}
