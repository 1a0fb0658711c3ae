using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>
/// Untyped JSON (<see cref="JsonElement"/>, <see cref="JsonNode"/> and its kinds, <c>Dictionary&lt;string, object?&gt;</c>)
/// as flytekit's untyped <c>dict</c>: <c>STRUCT</c> + msgpack annotation, no metadata, <c>Binary</c> msgpack of the JSON
/// value with integers kept as integers.
/// </summary>
/// <typeparam name="T">The JSON-like type.</typeparam>
public sealed class UntypedJsonTransformer<T> : TypeTransformer<T>
{
    private readonly Codec<T> _codec;

    internal UntypedJsonTransformer(TypeEngine engine) => _codec = CodecResolver.For(engine).Get<T>();

    /// <summary>flytekit's dict transformer name (<c>Typed Dict</c>), also the union variant tag.</summary>
    public override string Name => "Typed Dict";

    /// <inheritdoc />
    public override LiteralType LiteralType { get; } = LiteralType.Of(SimpleType.Struct) with { Annotation = RecordSchema.MessagePackAnnotation };

    /// <inheritdoc />
    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "Declare the value optional to pass null.");
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        try
        {
            _codec.Write(ref writer, value, new CodecState(context));
        }
        catch (MessagePackException e)
        {
            throw new TypeTransformerException(LiteralType, "a value msgpack cannot hold", e.Message, e);
        }
        return new(new Literal(new Binary(Bytes.CopyFrom(buffer.WrittenSpan), Binary.MessagePackTag)));
    }

    /// <inheritdoc />
    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var bytes = literal.Value switch
        {
            Binary { Tag: Binary.MessagePackTag } binary => binary.Value.ToArray(),
            Binary binary => throw new TypeTransformerException(LiteralType, $"binary with tag \"{binary.Tag}\"", $"Unsupported binary format: `{binary.Tag}`."),
            Generic generic => LiteralMessagePack.StructToBytes(generic.Value),
            Union union => null,
            _ => throw new TypeTransformerException(LiteralType, literal.ToString(), "An untyped dict is read from a msgpack binary or a protobuf Struct."),
        };
        if (bytes is null) return ToValueAsync(((Union)literal.Value).Value, context);
        var reader = new MessagePackReader(bytes);
        try
        {
            return new(_codec.Read(ref reader, new CodecState(context)));
        }
        catch (Exception e) when (Mismatches.IsReadError(e))
        {
            throw new TypeTransformerException(LiteralType, "msgpack that is not a " + typeof(T).Name, e.Message, e);
        }
    }
}

/// <summary>Makes <see cref="UntypedJsonTransformer{T}"/> for JSON elements and nodes and string-keyed maps of <c>object?</c>.</summary>
public sealed class UntypedJsonFactory : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) ||
        type == typeof(Dictionary<string, object?>) || type == typeof(IDictionary<string, object?>) || type == typeof(IReadOnlyDictionary<string, object?>);

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        (ITypeTransformer)Activator.CreateInstance(typeof(UntypedJsonTransformer<>).MakeGenericType(type),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [engine], null)!;

}
