using System.Collections.Immutable;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary><c>Nullable&lt;T&gt;</c>: nil or the value.</summary>
internal sealed class NullableCodec<T>(Codec<T> inner) : Codec<T?> where T : struct
{
    public override void Write(ref MessagePackWriter w, T? v, CodecState s)
    {
        if (v is { } value) inner.Write(ref w, value, s);
        else w.WriteNil();
    }

    public override T? Read(ref MessagePackReader r, CodecState s) => r.TryReadNil() ? null : inner.Read(ref r, s);
}

/// <summary>Enums as their wire string, taken from the engine's enum transformer (flytekit: the member value).</summary>
internal sealed class EnumCodec<T> : Codec<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _toWire = [];
    private readonly Dictionary<string, T> _fromWire = new(StringComparer.Ordinal);

    public EnumCodec(Func<T, string> wireName)
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var wire = wireName(value);
            _toWire.TryAdd(value, wire);
            _fromWire.TryAdd(wire, value);
            _fromWire.TryAdd(value.ToString(), value);   // flyte-sdk writes member names
        }
    }

    public IEnumerable<string> WireValues => _toWire.Values;

    public override void Write(ref MessagePackWriter w, T v, CodecState s) =>
        w.WriteString(_toWire.TryGetValue(v, out var wire) ? wire
            : throw new TypeTransformerException($"one of {string.Join(", ", _toWire.Values)}", v.ToString(), $"{typeof(T).Name} has no member with this value."));

    public override T Read(ref MessagePackReader r, CodecState s)
    {
        var text = PrimitiveCodecs.ReadText(ref r, "an enum value");
        return _fromWire.TryGetValue(text, out var value) ? value
            : throw new CodecReadException($"\"{text}\" is not one of {string.Join(", ", _toWire.Values)}");
    }
}

/// <summary>Lists, arrays, sets and other sequences as msgpack arrays; read back through a builder for the declared type.</summary>
internal sealed class SequenceCodec<TCollection, TElement>(Codec<TElement> element, Func<List<TElement>, TCollection> build) : Codec<TCollection>
{
    public override void Write(ref MessagePackWriter w, TCollection v, CodecState s)
    {
        if (v is null)
        {
            w.WriteNil();
            return;
        }
        switch (v)
        {
            case TElement[] array:
                w.WriteArrayHeader(array.Length);
                for (var i = 0; i < array.Length; i++) WriteAt(ref w, array[i], i, s);
                break;
            case List<TElement> list:
                w.WriteArrayHeader(list.Count);
                for (var i = 0; i < list.Count; i++) WriteAt(ref w, list[i], i, s);
                break;
            case IReadOnlyList<TElement> list:
                w.WriteArrayHeader(list.Count);
                for (var i = 0; i < list.Count; i++) WriteAt(ref w, list[i], i, s);
                break;
            default:
                var items = ((IEnumerable<TElement>)v).ToList();
                w.WriteArrayHeader(items.Count);
                for (var i = 0; i < items.Count; i++) WriteAt(ref w, items[i], i, s);
                break;
        }
    }

    private void WriteAt(ref MessagePackWriter w, TElement item, int index, CodecState s)
    {
        try
        {
            element.Write(ref w, item, s);
        }
        catch (TypeTransformerException e)
        {
            throw e.AtPath($"[{index}]");
        }
    }

    public override TCollection Read(ref MessagePackReader r, CodecState s)
    {
        if (r.TryReadNil()) return default!;
        if (r.PeekType() != MessagePackType.Array) throw new CodecReadException($"expected an array, found {PrimitiveCodecs.Describe(ref r)}");
        var count = r.ReadArrayHeader();
        var items = new List<TElement>(count);
        List<FieldMismatch>? errors = null;
        for (var i = 0; i < count; i++)
        {
            var snapshot = r;
            try
            {
                items.Add(element.Read(ref r, s));
            }
            catch (Exception e) when (Mismatches.IsReadError(e))
            {
                Mismatches.Add(ref errors, e, $"[{i}]");
                r = snapshot;
                r.Skip();
            }
        }
        if (errors is not null) throw new CodecMismatchException(errors);
        return build(items);
    }
}

/// <summary>Dictionaries as msgpack maps with native keys (<c>Dict[int, str]</c> keeps integer keys).</summary>
internal sealed class MapCodec<TMap, TKey, TValue>(Codec<TKey> key, Codec<TValue> value, Func<List<KeyValuePair<TKey, TValue>>, TMap> build)
    : Codec<TMap> where TKey : notnull
{
    public override void Write(ref MessagePackWriter w, TMap v, CodecState s)
    {
        if (v is null)
        {
            w.WriteNil();
            return;
        }
        var entries = v as IReadOnlyCollection<KeyValuePair<TKey, TValue>> ?? ((IEnumerable<KeyValuePair<TKey, TValue>>)v).ToList();
        w.WriteMapHeader(entries.Count);
        foreach (var (k, item) in entries)
        {
            key.Write(ref w, k, s);
            try
            {
                value.Write(ref w, item, s);
            }
            catch (TypeTransformerException e)
            {
                throw e.AtPath($"[{System.Text.Json.JsonSerializer.Serialize(k?.ToString())}]");
            }
        }
    }

    public override TMap Read(ref MessagePackReader r, CodecState s)
    {
        if (r.TryReadNil()) return default!;
        if (r.PeekType() != MessagePackType.Map) throw new CodecReadException($"expected a map, found {PrimitiveCodecs.Describe(ref r)}");
        var count = r.ReadMapHeader();
        var entries = new List<KeyValuePair<TKey, TValue>>(count);
        List<FieldMismatch>? errors = null;
        for (var i = 0; i < count; i++)
        {
            var k = ReadKey(ref r, s);
            var snapshot = r;
            try
            {
                entries.Add(new(k, value.Read(ref r, s)));
            }
            catch (Exception e) when (Mismatches.IsReadError(e))
            {
                Mismatches.Add(ref errors, e, $"[{System.Text.Json.JsonSerializer.Serialize(k.ToString())}]");
                r = snapshot;
                r.Skip();
            }
        }
        if (errors is not null) throw new CodecMismatchException(errors);
        return build(entries);
    }

    /// <summary>JSON (console, CLI, Struct) can only give string keys: an integer key may arrive as its text.</summary>
    private TKey ReadKey(ref MessagePackReader r, CodecState s)
    {
        // A Python dict may have int (or other scalar) keys where .NET declares string keys: keep their text.
        if (typeof(TKey) == typeof(string) && r.PeekType() != MessagePackType.String) return (TKey)(object)MessagePackJson.KeyText(ref r);
        if (r.PeekType() != MessagePackType.String || typeof(TKey) == typeof(string) || typeof(TKey) == typeof(object) || typeof(TKey).IsEnum)
            return key.Read(ref r, s);
        var text = r.ReadString();
        if (!long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
            throw new CodecReadException($"the map key \"{text}\" is not a {typeof(TKey).Name}");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(9);
        var writer = new MessagePackWriter(buffer);
        writer.Write(number);
        var reader = new MessagePackReader(buffer.WrittenSpan);
        return key.Read(ref reader, s);
    }
}

/// <summary>Builders for the collection shapes a record member may declare.</summary>
internal static class CollectionShapes
{
    /// <summary>The element type and a builder for a sequence type, or null when it is not one we know.</summary>
    public static (Type Element, Delegate Build)? Sequence(Type type)
    {
        if (type.IsArray && type.GetArrayRank() == 1)
            return (type.GetElementType()!, Make(type.GetElementType()!, nameof(ToArray)));
        if (!type.IsGenericType) return null;
        var def = type.GetGenericTypeDefinition();
        var e = type.GetGenericArguments()[0];
        if (def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IReadOnlyList<>) || def == typeof(IEnumerable<>) ||
            def == typeof(ICollection<>) || def == typeof(IReadOnlyCollection<>))
            return (e, Make(e, nameof(ToList)));
        if (def == typeof(HashSet<>) || def == typeof(ISet<>) || def == typeof(IReadOnlySet<>)) return (e, Make(e, nameof(ToSet)));
        if (def == typeof(ImmutableArray<>)) return (e, Make(e, nameof(ToImmutableArray)));
        if (def == typeof(ImmutableList<>) || def == typeof(IImmutableList<>)) return (e, Make(e, nameof(ToImmutableList)));
        if (def.FullName == "Microsoft.FSharp.Collections.FSharpList`1") return (e, FSharpList(type, e));
        if (def.FullName == "Microsoft.FSharp.Collections.FSharpSet`1") return (e, FromEnumerableConstructor(type, e));
        return null;
    }

    /// <summary>Key and value types and a builder for a dictionary type, or null.</summary>
    public static (Type Key, Type Value, Delegate Build)? Map(Type type)
    {
        if (!type.IsGenericType) return null;
        var def = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        if (args.Length != 2) return null;
        string? method = def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>) || def == typeof(IReadOnlyDictionary<,>) ? nameof(ToDictionary)
            : def == typeof(SortedDictionary<,>) ? nameof(ToSortedDictionary)
            : def == typeof(ImmutableDictionary<,>) || def == typeof(IImmutableDictionary<,>) ? nameof(ToImmutableDictionary)
            : null;
        if (method is not null)
        {
            var info = typeof(CollectionShapes).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(args);
            var delegateType = typeof(Func<,>).MakeGenericType(typeof(List<>).MakeGenericType(typeof(KeyValuePair<,>).MakeGenericType(args)), info.ReturnType);
            return (args[0], args[1], info.CreateDelegate(delegateType));
        }
        if (def.FullName == "Microsoft.FSharp.Collections.FSharpMap`2") return (args[0], args[1], FSharpMap(type, args[0], args[1]));
        return null;
    }

    private static Delegate Make(Type element, string method)
    {
        var info = typeof(CollectionShapes).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(element);
        return info.CreateDelegate(typeof(Func<,>).MakeGenericType(typeof(List<>).MakeGenericType(element), info.ReturnType));
    }

    private static T[] ToArray<T>(List<T> items) => items.ToArray();
    private static List<T> ToList<T>(List<T> items) => items;
    private static HashSet<T> ToSet<T>(List<T> items) => [.. items];
    private static ImmutableArray<T> ToImmutableArray<T>(List<T> items) => [.. items];
    private static ImmutableList<T> ToImmutableList<T>(List<T> items) => [.. items];
    private static Dictionary<K, V> ToDictionary<K, V>(List<KeyValuePair<K, V>> items) where K : notnull => new(items);
    private static SortedDictionary<K, V> ToSortedDictionary<K, V>(List<KeyValuePair<K, V>> items) where K : notnull => new(new Dictionary<K, V>(items));
    private static ImmutableDictionary<K, V> ToImmutableDictionary<K, V>(List<KeyValuePair<K, V>> items) where K : notnull => items.ToImmutableDictionary();

    // F# collections are built by name through reflection once per type: Flyte.Core does not reference FSharp.Core.
    private static Delegate FSharpList(Type listType, Type element)
    {
        var empty = listType.GetProperty("Empty")!.GetValue(null)!;
        var cons = listType.GetMethod("Cons", [element, listType])!;
        var p = System.Linq.Expressions.Expression.Parameter(typeof(List<>).MakeGenericType(element));
        var build = typeof(CollectionShapes).GetMethod(nameof(BuildFSharpList), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(element, listType);
        var consFunc = cons.CreateDelegate(typeof(Func<,,>).MakeGenericType(element, listType, listType));
        var call = System.Linq.Expressions.Expression.Call(build, p, System.Linq.Expressions.Expression.Constant(empty, listType),
            System.Linq.Expressions.Expression.Constant(consFunc));
        return System.Linq.Expressions.Expression.Lambda(typeof(Func<,>).MakeGenericType(p.Type, listType), call, p).Compile();
    }

    private static TList BuildFSharpList<T, TList>(List<T> items, TList empty, Func<T, TList, TList> cons)
    {
        var list = empty;
        for (var i = items.Count - 1; i >= 0; i--) list = cons(items[i], list);
        return list;
    }

    private static Delegate FromEnumerableConstructor(Type type, Type element)
    {
        var ctor = type.GetConstructor([typeof(IEnumerable<>).MakeGenericType(element)])!;
        var p = System.Linq.Expressions.Expression.Parameter(typeof(List<>).MakeGenericType(element));
        return System.Linq.Expressions.Expression.Lambda(typeof(Func<,>).MakeGenericType(p.Type, type),
            System.Linq.Expressions.Expression.New(ctor, p), p).Compile();
    }

    private static Delegate FSharpMap(Type mapType, Type key, Type value)
    {
        var tuple = typeof(Tuple<,>).MakeGenericType(key, value);
        var ctor = mapType.GetConstructor([typeof(IEnumerable<>).MakeGenericType(tuple)])!;
        var build = typeof(CollectionShapes).GetMethod(nameof(ToTuples), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(key, value);
        var p = System.Linq.Expressions.Expression.Parameter(typeof(List<>).MakeGenericType(typeof(KeyValuePair<,>).MakeGenericType(key, value)));
        return System.Linq.Expressions.Expression.Lambda(typeof(Func<,>).MakeGenericType(p.Type, mapType),
            System.Linq.Expressions.Expression.New(ctor, System.Linq.Expressions.Expression.Call(build, p)), p).Compile();
    }

    private static IEnumerable<Tuple<K, V>> ToTuples<K, V>(List<KeyValuePair<K, V>> items) => items.Select(kv => Tuple.Create(kv.Key, kv.Value));
}
