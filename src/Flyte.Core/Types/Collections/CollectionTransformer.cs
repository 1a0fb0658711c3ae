using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Nested;
using Flyte.Types.Json;

namespace Flyte.Types.Collections;

/// <summary>
/// A .NET sequence type ⇄ Flyte <c>collection_type</c> / <see cref="LiteralCollection"/>, flytekit's <c>Typed List</c>.
/// The element transformer is resolved once, when the engine builds this transformer.
/// </summary>
internal sealed class CollectionTransformer<TCollection, T>(
    TypeTransformer<T> element, Func<TCollection, IReadOnlyList<T>> items, Func<T[], TCollection> build) : TypeTransformer<TCollection>
{
    public override string Name => "Typed List";

    public override LiteralType LiteralType { get; } = LiteralType.CollectionOf(element.LiteralType);

    public override ValueTask<Literal> ToLiteralAsync(TCollection value, TransformerContext context)
    {
        if (value is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(TCollection).Name} cannot be null; declare it nullable to make it optional.");
        var list = items(value);
        if (element is IMsgPackLiteral<T> && list.Count > 0 && NoNulls(list))
        {
            // Records: one buffer of their msgpack (PackedBinaries), the same literal as one Binary per element.
            var packing = MsgPackBinary.PackAsync(element, list, context, Elements.Index);
            return packing.IsCompletedSuccessfully ? new(Wrap(packing.Result)) : Packed(packing);
        }
        var pending = Elements.ToLiteralsAsync(element, list, context, Elements.Index);
        return pending.IsCompletedSuccessfully ? new(Wrap(pending.Result)) : Slow(pending);

        static async ValueTask<Literal> Slow(ValueTask<Literal[]> task) => Wrap(await task.ConfigureAwait(false));
        static async ValueTask<Literal> Packed(ValueTask<PackedBinaries> task) => Wrap(await task.ConfigureAwait(false));
    }

    private static Literal Wrap(PackedBinaries packed) => new(LiteralCollection.Of(packed));

    // A null element is the element transformer's error to report, on the general path.
    private static bool NoNulls(IReadOnlyList<T> list)
    {
        if (typeof(T).IsValueType && Nullable.GetUnderlyingType(typeof(T)) is null) return true;
        for (var i = 0; i < list.Count; i++)
            if (list[i] is null) return false;
        return true;
    }

    private static Literal Wrap(Literal[] literals) => new(new LiteralCollection(Elements.AsValueList(literals)));

    public override ValueTask<TCollection> ToValueAsync(Literal literal, TransformerContext context)
    {
        var value = literal.Value;
        // A list field reached by attribute access inside a record arrives as msgpack (locally) or as a collection of msgpack elements (remotely).
        if (value is Binary { Tag: Binary.MessagePackTag } binary) value = MsgPackLiterals.FromBinary(binary, LiteralType).Value;
        if (value is not LiteralCollection collection)
            throw new TypeTransformerException(LiteralType, Describe.Literal(value));
        var pending = collection.Packed is { Tag: Binary.MessagePackTag } packed && element is IMsgPackLiteral<T> msgpack
            ? Elements.ToValuesAsync(packed.Count, i => msgpack.FromMsgPackAsync(packed.Memory(i), context), Elements.Index)
            : Elements.ToValuesAsync(element, collection.Literals.Items, context, Elements.Index);
        return pending.IsCompletedSuccessfully ? new(build(pending.Result)) : Slow(pending);

        async ValueTask<TCollection> Slow(ValueTask<T[]> task) => build(await task.ConfigureAwait(false));
    }

    /// <summary>A msgpack array of the elements (nil for null), as mashumaro writes a list field.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TCollection value, MsgPackContext context)
    {
        if (value is null) writer.WriteNil();
        else MsgPackCollections.WriteArray(ref writer, element, items(value), context);
    }

    /// <inheritdoc />
    public override TCollection ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? default! : build(MsgPackCollections.ReadArray(ref reader, element, context));
}
