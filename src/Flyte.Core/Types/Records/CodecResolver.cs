using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>
/// Finds the msgpack codec of every type a record may hold, once per engine and type. Types the codecs do not know are
/// bridged through the engine's transformer for them.
/// </summary>
internal sealed class CodecResolver
{
    private static readonly ConditionalWeakTable<TypeEngine, CodecResolver> PerEngine = new();
    private readonly ConcurrentDictionary<Type, Codec> _codecs = new();
    private readonly object _gate = new();

    private CodecResolver(TypeEngine engine) => Engine = engine;

    public TypeEngine Engine { get; }

    public static CodecResolver For(TypeEngine engine) => PerEngine.GetValue(engine, e => new CodecResolver(e));

    public Codec Get(Type type)
    {
        if (_codecs.TryGetValue(type, out var codec)) return codec;
        lock (_gate) return GetLocked(type);
    }

    public Codec<T> Get<T>() => (Codec<T>)Get(typeof(T));

    /// <summary>The codec of a type only when one is built in (no engine bridge); used for untyped values.</summary>
    public Codec? TryGet(Type type)
    {
        var codec = Get(type);
        return codec.GetType().IsGenericType && codec.GetType().GetGenericTypeDefinition() == typeof(EngineBridgeCodec<>) ? null : codec;
    }

    private Codec GetLocked(Type type)
    {
        if (_codecs.TryGetValue(type, out var existing)) return existing;
        var codec = Create(type, out var pending);
        // Asking the engine about a nested record may already have built its codec (through its transformer).
        if (_codecs.TryGetValue(type, out var built)) return built;
        _codecs[type] = codec;
        // Records are cached before their fields are resolved, so a record that contains itself finds its own codec.
        pending?.Invoke();
        return codec;
    }

    private Codec Create(Type type, out Action? pending)
    {
        pending = null;
        if (PrimitiveCodecs.For(type) is { } primitive) return primitive;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return Make(typeof(NullableCodec<>).MakeGenericType(underlying), GetLocked(underlying));
        if (type.IsEnum) return Make(typeof(EnumCodec<>).MakeGenericType(type), EnumWireNames(type));
        if (type == typeof(object)) return new ObjectCodec(this);
        if (type == typeof(JsonElement)) return new JsonElementCodec();
        if (typeof(JsonNode).IsAssignableFrom(type)) return Make(typeof(JsonNodeCodec<>).MakeGenericType(type));
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "Microsoft.FSharp.Core.FSharpOption`1")
            return Make(typeof(FSharpOptionCodec<,>).MakeGenericType(type, type.GetGenericArguments()[0]), GetLocked(type.GetGenericArguments()[0]));
        if (CollectionShapes.Sequence(type) is { } sequence)
            return Make(typeof(SequenceCodec<,>).MakeGenericType(type, sequence.Element), GetLocked(sequence.Element), sequence.Build);
        if (CollectionShapes.Map(type) is { } map)
            return Make(typeof(MapCodec<,,>).MakeGenericType(type, map.Key, map.Value), GetLocked(map.Key), GetLocked(map.Value), map.Build);
        if (RecordShape.IsCandidate(type) && !HasOwnTransformer(type) && RecordShape.TryCreate(type, Engine.Options.NamingPolicy) is { } shape)
        {
            var record = Make(typeof(RecordCodec<>).MakeGenericType(type), shape);
            pending = () => ((IRecordCodec)record).Initialize(GetLocked);
            return record;
        }
        return Make(typeof(EngineBridgeCodec<>).MakeGenericType(type), Engine);
    }

    /// <summary>A record type the user gave its own transformer (exact, user factory or attribute): honour it through the bridge.</summary>
    private bool HasOwnTransformer(Type type)
    {
        if (type.GetCustomAttribute<FlyteTransformerAttribute>() is not null) return true;
        if (RecordTransformerFactory.Building.Value?.Contains(type) == true) return false;
        try
        {
            return Engine.Get(type) is not IRecordTransformer;
        }
        catch (TypeTransformerException)
        {
            return false;
        }
    }

    private Delegate EnumWireNames(Type type) =>
        (Delegate)typeof(CodecResolver).GetMethod(nameof(WireNames), BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(type).Invoke(this, null)!;

    /// <summary>The engine's enum transformer decides the wire string; without one, [JsonStringEnumMemberName] or the member name.</summary>
    private Func<T, string> WireNames<T>() where T : struct, Enum
    {
        ITypeTransformer? transformer = null;
        try
        {
            transformer = Engine.Get(typeof(T));
        }
        catch (TypeTransformerException)
        {
        }
        return value =>
        {
            if (transformer is not null &&
                transformer.ToLiteralAsync(value, new TransformerContext(Engine)).AsTask().GetAwaiter().GetResult().Value is Primitive.StringValue s)
                return s.Value;
            var name = value.ToString();
            return typeof(T).GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? name;
        };
    }

    private static Codec Make(Type codecType, params object[] args) => (Codec)Activator.CreateInstance(codecType, args)!;
}

/// <summary>F# options by name (Flyte.Core does not reference FSharp.Core): None is null, Some x is x.</summary>
internal sealed class FSharpOptionCodec<TOption, T> : Codec<TOption> where TOption : class
{
    private readonly Codec<T> _inner;
    private readonly Func<TOption, T> _value;
    private readonly Func<T, TOption> _some;

    public FSharpOptionCodec(Codec<T> inner)
    {
        _inner = inner;
        _value = typeof(TOption).GetProperty("Value")!.GetMethod!.CreateDelegate<Func<TOption, T>>();
        _some = typeof(TOption).GetMethod("Some", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<T, TOption>>();
    }

    public override void Write(ref MessagePackWriter w, TOption v, CodecState s)
    {
        if (v is null) w.WriteNil();
        else _inner.Write(ref w, _value(v), s);
    }

    public override TOption Read(ref MessagePackReader r, CodecState s) => r.TryReadNil() ? null! : _some(_inner.Read(ref r, s));
}

/// <summary>
/// A member type no codec knows (a user's type with its own transformer, a file, a dataset, …): converted to a literal by
/// its transformer and embedded as that literal's msgpack view; read back using the transformer's literal type.
/// </summary>
internal sealed class EngineBridgeCodec<T>(TypeEngine engine) : Codec<T>
{
    private ITypeTransformer? _transformer;

    private ITypeTransformer Transformer => _transformer ??= engine.Get(typeof(T));

    public override void Write(ref MessagePackWriter w, T v, CodecState s)
    {
        if (v is null)
        {
            w.WriteNil();
            return;
        }
        var task = Transformer.ToLiteralAsync(v, s.Context);
        var literal = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
        LiteralMessagePack.Write(ref w, literal);
    }

    public override T Read(ref MessagePackReader r, CodecState s)
    {
        if (default(T) is null && r.TryReadNil()) return default!;
        var literal = LiteralMessagePack.Read(ref r, Transformer.LiteralType);
        var task = Transformer.ToValueAsync(literal, s.Context);
        return (T)(task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult())!;
    }
}
