using System.Buffers;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>Marks the engine's record transformers (so a nested record with a user transformer is told apart).</summary>
internal interface IRecordTransformer;

/// <summary>
/// A .NET record as a flytekit (≥ 1.14) dataclass: the literal is <c>Binary{msgpack, "msgpack"}</c>, the type is
/// <c>STRUCT</c> with the record's JSON schema as metadata, the msgpack cache-key annotation and
/// <c>structure{tag: "", dataclass_type}</c>. Reads msgpack and the older protobuf Struct (<c>Generic</c>) form.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class RecordTransformer<T> : TypeTransformer<T>, IRecordTransformer
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    private readonly TypeEngine _engine;
    private readonly RecordCodec<T> _codec;
    private readonly Lazy<LiteralType> _literalType;

    internal RecordTransformer(TypeEngine engine)
    {
        _engine = engine;
        _codec = (RecordCodec<T>)CodecResolver.For(engine).Get(typeof(T));
        _literalType = new Lazy<LiteralType>(() => RecordSchema.LiteralTypeOf(_codec.Shape, engine));
    }

    /// <summary>flytekit's dataclass transformer name, also the union variant tag.</summary>
    public override string Name => RecordSchema.TransformerName;

    /// <inheritdoc />
    public override LiteralType LiteralType => _literalType.Value;

    /// <inheritdoc />
    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(T).Name} cannot be null here; declare it optional.");
        return new(new Literal(new Binary(Bytes.Wrap(Encode(value, context)), Binary.MessagePackTag)));
    }

    internal byte[] Encode(T value, TransformerContext context)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(buffer);
        _codec.Write(ref writer, value, new CodecState(context));
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20) t_buffer = null;   // do not pin a large buffer to the thread
        return bytes;
    }

    /// <inheritdoc />
    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context) => literal.Value switch
    {
        Binary { Tag: Binary.MessagePackTag } binary => new(Decode(binary.Value.Span, context)),
        Binary binary => throw new TypeTransformerException(LiteralType, $"binary with tag \"{binary.Tag}\"",
            $"Unsupported binary format: `{binary.Tag}`; records are read from tag \"{Binary.MessagePackTag}\"."),
        Generic generic => new(Decode(LiteralMessagePack.StructToBytes(generic.Value), context)),
        Union union => ToValueAsync(union.Value, context),
        _ => throw new TypeTransformerException(LiteralType, literal.ToString(), $"A {typeof(T).Name} is read from a msgpack binary or a protobuf Struct."),
    };

    internal T Decode(ReadOnlySpan<byte> bytes, TransformerContext context)
    {
        var state = new CodecState(context);
        var reader = new MessagePackReader(bytes);
        T value;
        try
        {
            value = _codec.Read(ref reader, state);
        }
        catch (CodecMismatchException e)
        {
            throw TypeTransformerException.StructureMismatch($"{typeof(T).Name} ({RecordSchema.TransformerName})",
                $"a value with {e.Fields.Count} mismatching field(s)", e.Fields);
        }
        catch (Exception e) when (e is CodecReadException or MessagePackException or FormatException)
        {
            throw new TypeTransformerException(LiteralType, "msgpack that is not a " + typeof(T).Name, e.Message, e);
        }
        if (value is null) throw new TypeTransformerException(LiteralType, "nil", $"A {typeof(T).Name} cannot be null here.");
        return value;
    }
}

/// <summary>
/// The record family: C# records (positional, init-only, inherited), classes with public settable properties or a
/// constructor whose parameters match properties, and F# records. Field names follow <c>[FlyteField]</c>,
/// <c>[JsonPropertyName]</c>, then <see cref="TypeEngineOptions.NamingPolicy"/>.
/// </summary>
public sealed class RecordTransformerFactory : TransformerFactory
{
    internal static readonly ThreadLocal<HashSet<Type>> Building = new(() => []);

    /// <inheritdoc />
    public override bool CanTransform(Type type) => RecordShape.TryCreate(type, null) is not null;

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        var building = Building.Value!;
        building.Add(type);
        try
        {
            return (ITypeTransformer)Activator.CreateInstance(typeof(RecordTransformer<>).MakeGenericType(type),
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [engine], null)!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            building.Remove(type);
        }
    }
}
