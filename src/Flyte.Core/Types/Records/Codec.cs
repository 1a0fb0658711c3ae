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
/// Per-conversion state: the transformer context (for fields bridged through the engine) and, on read, the path of the
/// value being read plus every field mismatch found so far, so one error can list them all.
/// </summary>
internal sealed class CodecState(TransformerContext context)
{
    private string?[] _names = new string?[16];
    private int[] _indices = new int[16];

    public TransformerContext Context { get; } = context;
    public List<FieldMismatch> Errors { get; } = [];
    public int Depth { get; private set; }

    public void Push(string field)
    {
        Grow();
        _names[Depth++] = field;
    }

    public void PushIndex(int index)
    {
        Grow();
        _names[Depth] = null;
        _indices[Depth++] = index;
    }

    private void Grow()
    {
        if (Depth < _names.Length) return;
        Array.Resize(ref _names, Depth * 2);
        Array.Resize(ref _indices, Depth * 2);
    }

    public void Pop() => Depth--;

    public void Truncate(int depth) => Depth = depth;

    /// <summary>The current path, e.g. <c>requests[2].feature_a</c>.</summary>
    public string Path()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < Depth; i++)
            switch (_names[i])
            {
                case null: text.Append('[').Append(_indices[i]).Append(']'); break;
                case var name when name.StartsWith('['): text.Append(name); break;
                case var name:
                    if (text.Length > 0) text.Append('.');
                    text.Append(name);
                    break;
            }
        return text.ToString();
    }

    public void Mismatch(FieldMismatchKind kind, string description) => Errors.Add(new FieldMismatch(Path(), kind, description));
}

/// <summary>A value that cannot be read as the field's type; caught by the enclosing record, which records the path.</summary>
internal sealed class CodecReadException(string message, Exception? inner = null) : Exception(message, inner);
