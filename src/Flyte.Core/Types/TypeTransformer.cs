using Flyte.MessagePack;
using Flyte.Types.Records;
using Flyte.Types.Json;

namespace Flyte.Types;

/// <summary>
/// Turns values of one .NET type into Flyte literals and back: the .NET twin of flytekit's <c>TypeTransformer</c>.
/// Built-in transformers use exactly this contract, and users add their own to a <see cref="TypeEngine"/> the same way.
/// </summary>
/// <typeparam name="T">The .NET type handled.</typeparam>
public abstract class TypeTransformer<T> : ITypeTransformer
{
    /// <summary>
    /// The transformer's name. It is also the <c>structure.tag</c> of this type when it is a union variant, so
    /// transformers that must interoperate with Python use flytekit's names (<c>int</c>, <c>str</c>, <c>Typed List</c>, …).
    /// </summary>
    public abstract string Name { get; }

    /// <summary>The Flyte type of every literal this transformer writes for <typeparamref name="T"/>.</summary>
    public abstract LiteralType LiteralType { get; }

    /// <summary>Turns a value into a literal of <see cref="LiteralType"/>.</summary>
    /// <exception cref="TypeTransformerException">The value cannot be represented; the exception names where and why.</exception>
    public abstract ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context);

    /// <summary>Turns a literal back into a value. Accepts every shape Flyte may deliver for this type.</summary>
    /// <exception cref="TypeTransformerException">The literal does not fit; the exception names where and why.</exception>
    public abstract ValueTask<T> ToValueAsync(Literal literal, TransformerContext context);

    /// <summary>
    /// Writes a value nested in msgpack: as a record field, a list element or map value inside a record, an untyped
    /// dict. The default writes the msgpack view of <see cref="ToLiteralAsync"/>'s literal, as flytekit embeds Flyte
    /// values in dataclasses (a primitive as itself, a collection as an array, a file as <c>{"path": uri}</c>), so a
    /// transformer works nested without more code; built-in families override it to stream without literals.
    /// A conversion that does not complete at once is not waited on (see <see cref="MsgPackContext"/>).
    /// </summary>
    /// <exception cref="TypeTransformerException">The value cannot be represented.</exception>
    public virtual void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }
        if (context.LiteralOf(this, value) is { } literal) LiteralMessagePack.Write(ref writer, literal);
        else writer.WriteNil();   // placeholder: the pass is repeated once the literal is ready
    }

    /// <summary>
    /// Reads a value nested in msgpack, the counterpart of <see cref="WriteMsgPack"/>. The default reads the msgpack
    /// view as a literal of <see cref="LiteralType"/> and hands it to <see cref="ToValueAsync"/>; nil is null for
    /// reference types.
    /// </summary>
    /// <exception cref="TypeTransformerException">The msgpack does not fit.</exception>
    public virtual T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        if (default(T) is null && reader.TryReadNil()) return default!;
        return context.ValueOf(this, LiteralMessagePack.Read(ref reader, LiteralType));
    }

    Type ITypeTransformer.ClrType => typeof(T);

    void ITypeTransformer.WriteMsgPack(ref MessagePackWriter writer, object? value, MsgPackContext context)
    {
        if (value is not T typed)
        {
            if (value is null && default(T) is null)
            {
                WriteMsgPack(ref writer, default!, context);
                return;
            }
            throw new TypeTransformerException(LiteralType, $"a value of type {value?.GetType().Name ?? "null"}",
                $"a value of .NET type {typeof(T).Name}");
        }
        WriteMsgPack(ref writer, typed, context);
    }

    object? ITypeTransformer.ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => ReadMsgPack(ref reader, context);

    async ValueTask<Literal> ITypeTransformer.ToLiteralAsync(object? value, TransformerContext context)
    {
        if (value is not T typed)
        {
            if (value is null && default(T) is null) return await ToLiteralAsync(default!, context).ConfigureAwait(false);
            throw new TypeTransformerException(LiteralType, $"a value of type {value?.GetType().Name ?? "null"}",
                $"a value of .NET type {typeof(T).Name}");
        }
        return await ToLiteralAsync(typed, context).ConfigureAwait(false);
    }

    async ValueTask<object?> ITypeTransformer.ToValueAsync(Literal literal, TransformerContext context) =>
        await ToValueAsync(literal, context).ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({typeof(T).Name} ⇄ {LiteralType})";
}

/// <summary>The untyped view of a <see cref="TypeTransformer{T}"/>, used where the .NET type is only known at run time.</summary>
public interface ITypeTransformer
{
    /// <summary>The .NET type handled.</summary>
    Type ClrType { get; }

    /// <summary>The transformer's name; also its union variant tag.</summary>
    string Name { get; }

    /// <summary>The Flyte type of the literals written.</summary>
    LiteralType LiteralType { get; }

    /// <summary>Turns a boxed value into a literal.</summary>
    ValueTask<Literal> ToLiteralAsync(object? value, TransformerContext context);

    /// <summary>Turns a literal into a boxed value.</summary>
    ValueTask<object?> ToValueAsync(Literal literal, TransformerContext context);

    /// <summary>Writes a boxed value nested in msgpack (see <see cref="TypeTransformer{T}.WriteMsgPack"/>).</summary>
    void WriteMsgPack(ref MessagePackWriter writer, object? value, MsgPackContext context);

    /// <summary>Reads a boxed value nested in msgpack (see <see cref="TypeTransformer{T}.ReadMsgPack"/>).</summary>
    object? ReadMsgPack(ref MessagePackReader reader, MsgPackContext context);
}
