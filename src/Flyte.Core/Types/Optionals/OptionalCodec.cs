using Flyte.MessagePack;
using Flyte.Types.Internal;

namespace Flyte.Types.Optionals;

/// <summary>The encoding and decoding shared by the two optional transformers; null is represented by <c>hasValue = false</c>.</summary>
internal sealed class OptionalCodec<T>(TypeTransformer<T> inner)
{
    public TypeTransformer<T> Inner { get; } = inner;

    public LiteralType LiteralType { get; } = Optional.LiteralTypeOf(inner);

    private LiteralType Variant { get; } = Optional.VariantOf(inner);

    public ValueTask<Literal> EncodeAsync(bool hasValue, T value, TransformerContext context)
    {
        if (!hasValue) return new(Optional.NoneLiteral);
        var pending = Inner.ToLiteralAsync(value, context);
        return pending.IsCompletedSuccessfully ? new(Wrap(pending.Result)) : Slow(pending);

        async ValueTask<Literal> Slow(ValueTask<Literal> task) => Wrap(await task.ConfigureAwait(false));
    }

    private Literal Wrap(Literal literal) => new(new Union(literal, Variant));

    /// <summary>Decodes; <c>null</c> result task means "absent".</summary>
    public ValueTask<(bool HasValue, T Value)> DecodeAsync(Literal literal, TransformerContext context)
    {
        if (Optional.IsNone(literal)) return new((false, default!));
        var payload = literal;
        switch (literal.Value)
        {
            case Union u:
                var tag = u.Type.Structure?.Tag ?? "";
                if (tag.Length != 0 && tag != Inner.Name)
                    throw new TypeTransformerException(LiteralType, $"a union value tagged '{tag}' ({Describe.Literal(u.Value)})",
                        $"No variant of this union has that tag (variants: '{Inner.Name}', '{Optional.NoneTag}').");
                payload = u.Value;
                break;
        }
        var pending = Inner.ToValueAsync(payload, context);
        return pending.IsCompletedSuccessfully ? new((true, pending.Result)) : Slow(pending);

        static async ValueTask<(bool, T)> Slow(ValueTask<T> task) => (true, await task.ConfigureAwait(false));
    }
}

/// <summary><c>T?</c> for a value type <c>T</c>, flytekit's <c>Optional[T]</c> (name <c>Typed Union</c>).</summary>
internal sealed class NullableTransformer<T>(TypeTransformer<T> inner) : TypeTransformer<T?>, IOptionalTransformer where T : struct
{
    private readonly OptionalCodec<T> _codec = new(inner);

    public ITypeTransformer Inner => _codec.Inner;

    public override string Name => Optional.TransformerName;

    public override LiteralType LiteralType => _codec.LiteralType;

    public override ValueTask<Literal> ToLiteralAsync(T? value, TransformerContext context) =>
        _codec.EncodeAsync(value.HasValue, value.GetValueOrDefault(), context);

    public override ValueTask<T?> ToValueAsync(Literal literal, TransformerContext context)
    {
        var pending = _codec.DecodeAsync(literal, context);
        return pending.IsCompletedSuccessfully ? new(Unpack(pending.Result)) : Slow(pending);

        static T? Unpack((bool HasValue, T Value) r) => r.HasValue ? r.Value : null;
        static async ValueTask<T?> Slow(ValueTask<(bool, T)> task) => Unpack(await task.ConfigureAwait(false));
    }

    /// <summary>Nil for null, else the inner value as its transformer writes it nested (mashumaro's <c>Optional[T]</c>).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T? value, MsgPackContext context)
    {
        if (value is { } some) _codec.Inner.WriteMsgPack(ref writer, some, context);
        else writer.WriteNil();
    }

    /// <inheritdoc />
    public override T? ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? null : _codec.Inner.ReadMsgPack(ref reader, context);
}

/// <summary>A reference type that may be null (<c>string?</c>, a nullable record member), flytekit's <c>Optional[T]</c>.</summary>
internal sealed class OptionalReferenceTransformer<T>(TypeTransformer<T> inner) : TypeTransformer<T>, IOptionalTransformer where T : class
{
    private readonly OptionalCodec<T> _codec = new(inner);

    public ITypeTransformer Inner => _codec.Inner;

    public override string Name => Optional.TransformerName;

    public override LiteralType LiteralType => _codec.LiteralType;

    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context) =>
        _codec.EncodeAsync(value is not null, value!, context);

    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var pending = _codec.DecodeAsync(literal, context);
        return pending.IsCompletedSuccessfully ? new(pending.Result.Value) : Slow(pending);

        static async ValueTask<T> Slow(ValueTask<(bool, T Value)> task) => (await task.ConfigureAwait(false)).Value;
    }

    /// <summary>Nil for null, else the inner value as its transformer writes it nested.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context)
    {
        if (value is null) writer.WriteNil();
        else _codec.Inner.WriteMsgPack(ref writer, value, context);
    }

    /// <inheritdoc />
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? null! : _codec.Inner.ReadMsgPack(ref reader, context);
}
