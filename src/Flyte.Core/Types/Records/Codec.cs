using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>Writes and reads one .NET type as msgpack the way mashumaro + msgpack-python do. Built once per type and engine.</summary>
internal abstract class Codec
{
    public abstract Type Type { get; }
    public abstract void WriteBoxed(ref MessagePackWriter writer, object? value, CodecState state);
    public abstract object? ReadBoxed(ref MessagePackReader reader, CodecState state);
}

/// <summary>The typed codec: no boxing on the hot path.</summary>
internal abstract class Codec<T> : Codec
{
    public sealed override Type Type => typeof(T);
    public abstract void Write(ref MessagePackWriter writer, T value, CodecState state);
    public abstract T Read(ref MessagePackReader reader, CodecState state);
    public sealed override void WriteBoxed(ref MessagePackWriter writer, object? value, CodecState state) => Write(ref writer, (T)value!, state);
    public sealed override object? ReadBoxed(ref MessagePackReader reader, CodecState state) => Read(ref reader, state);
}

/// <summary>
/// Per-conversion state: the transformer context, for members bridged through the engine. Paths are not tracked on the
/// happy path: a mismatch is reported relative to where it happened and each enclosing record, list or map prefixes its
/// own segment while the error travels up (see <see cref="CodecMismatchException"/>).
/// </summary>
internal sealed class CodecState(TransformerContext context)
{
    public TransformerContext Context { get; } = context;
}

/// <summary>A value that cannot be read as the field's type; caught by the enclosing record, which records the path.</summary>
internal sealed class CodecReadException(string message, Exception? inner = null) : Exception(message, inner);

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
