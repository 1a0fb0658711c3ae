using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Flyte.Compatibility;

/// <summary>One reason why a value or type does not fit where it is used.</summary>
/// <param name="Path">
/// Where the offending value sits, relative to the value checked: <c>[i]</c> for a collection index and <c>.key</c> for a map
/// key that is an identifier (<c>["some key"]</c>, JSON-quoted, for any other key); empty for the value itself.
/// Example: <c>requests[2].feature_a</c>. When two types are compared, <c>[*]</c> and <c>.*</c> stand for any element or map value.
/// </param>
/// <param name="Expected">The type expected there, as printed by <see cref="LiteralType.ToString"/>.</param>
/// <param name="Found">What was found: a literal or a type, printed.</param>
/// <param name="Reason">Which rule failed, in words.</param>
public sealed record TypeMismatch(string Path, string Expected, string Found, string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{(Path.Length == 0 ? "<root>" : Path)}: expected {Expected}, found {Found} ({Reason})";
}

/// <summary>The outcome of a compatibility check: compatible, or the list of mismatches (never empty when incompatible).</summary>
public sealed record CompatibilityResult
{
    private CompatibilityResult(ValueList<TypeMismatch> mismatches) => Mismatches = mismatches;

    /// <summary>The compatible outcome.</summary>
    public static CompatibilityResult Compatible { get; } = new(ValueList<TypeMismatch>.Empty);

    /// <summary>An incompatible outcome with the given mismatches.</summary>
    public static CompatibilityResult Incompatible(IEnumerable<TypeMismatch> mismatches)
    {
        var list = mismatches.ToValueList();
        if (list.Count == 0) throw new ArgumentException("An incompatible result needs at least one mismatch.", nameof(mismatches));
        return new(list);
    }

    /// <summary>What did not fit; empty when compatible.</summary>
    public ValueList<TypeMismatch> Mismatches { get; }

    /// <summary>Whether everything fits.</summary>
    public bool IsCompatible => Mismatches.Count == 0;

    /// <summary>Throws <see cref="LiteralTypeMismatchException"/> unless compatible.</summary>
    public void ThrowIfIncompatible()
    {
        if (!IsCompatible) throw new LiteralTypeMismatchException(Mismatches);
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsCompatible ? "compatible" : "incompatible:" + string.Concat(Mismatches.Select(m => "\n  " + m));
}

/// <summary>A literal or type that does not fit where it is used; carries every mismatch with its path.</summary>
public sealed class LiteralTypeMismatchException : Exception
{
    /// <summary>Creates the exception from at least one mismatch.</summary>
    public LiteralTypeMismatchException(ValueList<TypeMismatch> mismatches)
        : base("Type mismatch:" + string.Concat(mismatches.Select(m => "\n  " + m))) => Mismatches = mismatches;

    /// <summary>What did not fit, each with its path.</summary>
    public ValueList<TypeMismatch> Mismatches { get; }
}

/// <summary>Builds the paths of <see cref="TypeMismatch"/>.</summary>
public static partial class TypePath
{
    /// <summary>The path of element <paramref name="index"/> of the collection at <paramref name="path"/>.</summary>
    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>The path of any element of the collection type at <paramref name="path"/>: <c>[*]</c> (used when comparing types).</summary>
    public static string AnyIndex(string path) => $"{path}[*]";

    /// <summary>The path of any value of the map type at <paramref name="path"/>: <c>.*</c> (used when comparing types).</summary>
    public static string AnyKey(string path) => path.Length == 0 ? "*" : $"{path}.*";

    /// <summary>The path of entry <paramref name="key"/> of the map at <paramref name="path"/>: <c>.key</c>, or <c>["key"]</c> if the key is not an identifier.</summary>
    public static string Key(string path, string key)
    {
        if (!Identifier().IsMatch(key)) return $"{path}[{JsonSerializer.Serialize(key, Json)}]";
        return path.Length == 0 ? key : $"{path}.{key}";
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
