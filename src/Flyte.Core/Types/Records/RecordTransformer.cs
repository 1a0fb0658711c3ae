using Flyte.MessagePack;
using Flyte.Types.Nested;
using Flyte.Types.Json;

namespace Flyte.Types.Records;

/// <summary>
/// A .NET record as a flytekit (≥ 1.14) dataclass: the literal is <c>Binary{msgpack, "msgpack"}</c>, the type is
/// <c>STRUCT</c> with the record's JSON schema as metadata, the msgpack cache-key annotation and
/// <c>structure{tag: "", dataclass_type}</c>. Reads msgpack and the older protobuf Struct (<c>Generic</c>) form.
/// Each field goes through the engine's transformer of its type (its nested msgpack face), so user transformers and
/// language families apply inside records as they do at a task boundary.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class RecordTransformer<T> : TypeTransformer<T>, IMsgPackLiteral<T>
{
    private readonly TypeEngine _engine;
    private readonly RecordShape _shape;
    private readonly Lazy<LiteralType> _literalType;
    private readonly object _gate = new();
    private RecordCodec<T>? _codec;

    internal RecordTransformer(TypeEngine engine, RecordShape shape)
    {
        _engine = engine;
        _shape = shape;
        _literalType = new Lazy<LiteralType>(() => RecordSchema.LiteralTypeOf(shape, engine));
    }

    /// <summary>
    /// flytekit's transformer name, also the union variant tag: <c>Object-Dataclass-Transformer</c>, or
    /// <c>Pydantic Transformer</c> for a validated record (the twin of a Pydantic model).
    /// </summary>
    public override string Name => RecordSchema.NameOf(_shape);

    /// <inheritdoc />
    public override LiteralType LiteralType => _literalType.Value;

    /// <summary>The fields bound to their transformers, on first use (so a record that contains itself finds this transformer).</summary>
    private RecordCodec<T> Codec => _codec ?? Bind();

    private RecordCodec<T> Bind()
    {
        lock (_gate) return _codec ??= new RecordCodec<T>(_shape, _engine);
    }

    /// <inheritdoc />
    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(T).Name} cannot be null here; declare it optional.");
        return MsgPackBinary.ToLiteralAsync(this, value, context);
    }

    /// <summary>A msgpack map of the fields (nil for null).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context) => Codec.Write(ref writer, value, context);

    /// <summary>Reads the map of the fields; every missing or mistyped field is reported at once.</summary>
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => Codec.Read(ref reader, context);

    /// <inheritdoc />
    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context) => literal.Value switch
    {
        Binary { Tag: Binary.MessagePackTag } binary => Decode(binary.Value.Memory, context),
        Binary binary => throw new TypeTransformerException(LiteralType, $"binary with tag \"{binary.Tag}\"",
            $"Unsupported binary format: `{binary.Tag}`; records are read from tag \"{Binary.MessagePackTag}\"."),
        Generic generic => Decode(LiteralMessagePack.StructToBytes(generic.Value), context),
        Union union => ToValueAsync(union.Value, context),
        _ => throw new TypeTransformerException(LiteralType, literal.ToString(), $"A {typeof(T).Name} is read from a msgpack binary or a protobuf Struct."),
    };

    ValueTask<T> IMsgPackLiteral<T>.FromMsgPackAsync(ReadOnlyMemory<byte> msgpack, TransformerContext context) => Decode(msgpack, context);

    private ValueTask<T> Decode(ReadOnlyMemory<byte> bytes, TransformerContext context)
    {
        ValueTask<T> pending;
        try
        {
            pending = MsgPackBinary.DecodeAsync(this, bytes, context);
        }
        catch (Exception e) when (IsPayloadError(e))
        {
            throw PayloadError(e);
        }
        return pending.IsCompletedSuccessfully ? new(NotNull(pending.Result)) : Slow(pending);

        async ValueTask<T> Slow(ValueTask<T> task)
        {
            try
            {
                return NotNull(await task.ConfigureAwait(false));
            }
            catch (Exception e) when (IsPayloadError(e))
            {
                throw PayloadError(e);
            }
        }
    }

    private static bool IsPayloadError(Exception e) => e is CodecMismatchException or CodecReadException or MessagePackException or FormatException;

    private TypeTransformerException PayloadError(Exception e) => e is CodecMismatchException mismatch
        ? TypeTransformerException.StructureMismatch($"{typeof(T).Name} ({Name})",
            $"a value with {mismatch.Fields.Count} mismatching field(s)", mismatch.Fields)
        : new TypeTransformerException(LiteralType, "msgpack that is not a " + typeof(T).Name, e.Message, e);

    private T NotNull(T value) =>
        value is null ? throw new TypeTransformerException(LiteralType, "nil", $"A {typeof(T).Name} cannot be null here.") : value;
}

/// <summary>
/// The record family: C# records (positional, init-only, inherited), classes with public settable properties or a
/// constructor whose parameters match properties, and the records of the engine's conventions (F# records with Flyte.FSharp). Field names follow <c>[FlyteField]</c>,
/// <c>[JsonPropertyName]</c>, then <see cref="TypeEngineOptions.NamingPolicy"/>.
/// </summary>
public sealed class RecordTransformerFactory : TransformerFactory
{
    /// <summary>The record types whose literal type is being computed on this thread (recursive records stop there).</summary>
    internal static readonly ThreadLocal<HashSet<Type>> Building = new(() => []);

    /// <inheritdoc />
    public override bool CanTransform(Type type) => CanTransform(type, TypeEngine.Default);

    /// <inheritdoc />
    public override bool CanTransform(Type type, TypeEngine engine) => RecordShape.TryCreate(type, engine) is not null;

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        try
        {
            var shape = RecordShape.TryCreate(type, engine)
                ?? throw new ArgumentException($"{type} is not a record.", nameof(type));
            return (ITypeTransformer)Activator.CreateInstance(typeof(RecordTransformer<>).MakeGenericType(type),
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [engine, shape], null)!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
