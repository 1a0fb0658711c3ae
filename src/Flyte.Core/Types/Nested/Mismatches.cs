namespace Flyte.Types.Nested;

/// <summary>A value that cannot be read as the field's type; caught by the enclosing record, which records the path.</summary>
internal class CodecReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Every mismatch found inside one record, list or map, with paths relative to it.</summary>
internal sealed class CodecMismatchException(List<FieldMismatch> fields)
    : Exception(string.Join("; ", fields.Select(f => f.ToString())))
{
    public List<FieldMismatch> Fields { get; } = fields;
}

/// <summary>Collects read errors of nested values under their path segment.</summary>
internal static class Mismatches
{
    public static bool IsReadError(Exception e) =>
        e is CodecReadException or CodecMismatchException or Flyte.MessagePack.MessagePackException or FormatException
            or OverflowException or TypeTransformerException or InvalidCastException;

    public static string Join(string segment, string path) =>
        path.Length == 0 ? segment : segment.Length == 0 ? path : path.StartsWith('[') ? segment + path : segment + "." + path;

    /// <summary>Adds what <paramref name="error"/> says about the value at <paramref name="segment"/>.</summary>
    public static void Add(ref List<FieldMismatch>? list, Exception error, string segment, string? expected = null)
    {
        list ??= [];
        switch (error)
        {
            case CodecMismatchException nested:
                foreach (var f in nested.Fields) list.Add(f with { Field = Join(segment, f.Field) });
                break;
            case TypeTransformerException { Fields.Count: > 0 } nested:
                foreach (var f in nested.Fields) list.Add(f with { Field = Join(segment, Join(nested.Path, f.Field)) });
                break;
            case TypeTransformerException tte:
                list.Add(new FieldMismatch(Join(segment, tte.Path), FieldMismatchKind.Mistyped, $"expected {tte.Expected}, found {tte.Found}"));
                break;
            default:
                list.Add(new FieldMismatch(segment, FieldMismatchKind.Mistyped, expected is null ? error.Message : $"expected {expected}: {error.Message}"));
                break;
        }
    }
}
