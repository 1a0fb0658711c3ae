using System.Globalization;
using Flyte.Types.Collections;
using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Nested;
using Flyte.Types.Json;

namespace Flyte.Types.Dictionaries;

/// <summary>
/// A string-keyed dictionary ⇄ Flyte <c>map_value_type</c> / <see cref="LiteralMap"/>, flytekit's <c>Typed Dict</c>.
/// Decoding also accepts a msgpack <see cref="Binary"/> map (a dict field reached by attribute access).
/// </summary>
internal sealed class MapTransformer<TDictionary, TValue>(
    TypeTransformer<string> key, TypeTransformer<TValue> value, Func<KeyValuePair<string, TValue>[], TDictionary> build) : TypeTransformer<TDictionary>
    where TDictionary : IEnumerable<KeyValuePair<string, TValue>>
{
    public override string Name => "Typed Dict";

    public override LiteralType LiteralType { get; } = LiteralType.MapOf(value.LiteralType);

    public override ValueTask<Literal> ToLiteralAsync(TDictionary dictionary, TransformerContext context)
    {
        if (dictionary is null)
            throw new TypeTransformerException(LiteralType, "null", $"A {typeof(TDictionary).Name} cannot be null; declare it nullable to make it optional.");
        var entries = dictionary.ToArray();
        var keys = Array.ConvertAll(entries, e => e.Key);
        var pending = Elements.ToLiteralsAsync(value, Array.ConvertAll(entries, e => e.Value), context, i => Elements.Key(keys[i]));
        return pending.IsCompletedSuccessfully ? new(Wrap(keys, pending.Result)) : Slow(keys, pending);

        static async ValueTask<Literal> Slow(string[] keys, ValueTask<Literal[]> task) => Wrap(keys, await task.ConfigureAwait(false));
    }

    private static Literal Wrap(string[] keys, Literal[] literals) =>
        new(new LiteralMap(new ValueMap<Literal>(keys.Select((k, i) => new KeyValuePair<string, Literal>(k, literals[i])))));

    public override ValueTask<TDictionary> ToValueAsync(Literal literal, TransformerContext context)
    {
        var found = literal.Value;
        if (found is Binary { Tag: Binary.MessagePackTag } binary) found = MsgPackLiterals.FromBinary(binary, LiteralType).Value;
        if (found is not LiteralMap map) throw new TypeTransformerException(LiteralType, Describe.Literal(found));
        var keys = map.Literals.Keys.ToArray();
        var pending = Elements.ToValuesAsync(value, map.Literals.Values.ToArray(), context, i => Elements.Key(keys[i]));
        return pending.IsCompletedSuccessfully ? new(Build(keys, pending.Result)) : Slow(keys, pending);

        async ValueTask<TDictionary> Slow(string[] keys, ValueTask<TValue[]> task) => Build(keys, await task.ConfigureAwait(false));
    }

    private TDictionary Build(string[] keys, TValue[] values) =>
        build(keys.Select((k, i) => new KeyValuePair<string, TValue>(k, values[i])).ToArray());

    /// <summary>A msgpack map with str keys (nil for null), as mashumaro writes a dict field.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TDictionary dictionary, MsgPackContext context)
    {
        if (dictionary is null) writer.WriteNil();
        else MsgPackCollections.WriteMap(ref writer, key, value, dictionary, context);
    }

    /// <inheritdoc />
    public override TDictionary ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        reader.TryReadNil() ? default! : build(MsgPackCollections.ReadMap(ref reader, key, value, context));

}
