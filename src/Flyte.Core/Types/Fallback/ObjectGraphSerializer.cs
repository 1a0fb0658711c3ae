using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Flyte.MessagePack;

namespace Flyte.Types.Fallback;

/// <summary>
/// Captures the state of an object graph as msgpack: <c>[magic, declared type name, value]</c>. A value in a reference
/// slot is <c>nil</c>, a back reference (the integer id of an object written before — shared references and cycles),
/// a string (in a <c>string</c> slot) or a new object <c>[tag, …content]</c>, where the tag is empty when the object's
/// type is the slot's declared type and otherwise names its runtime type. Structs and primitives are written inline.
/// <para>
/// Safety: instances are only ever created for types reached from the declared type — a field's declared type, or one of
/// that slot's <em>allowed runtime types</em> (see <see cref="AllowedTypes"/>). A tag is never resolved by name lookup
/// (no <c>Type.GetType</c>): it is matched against that allow-list, and anything else is an error.
/// </para>
/// </summary>
public sealed class ObjectGraphSerializer
{
    private static readonly ConcurrentDictionary<(Type Root, Type Slot), IReadOnlyDictionary<string, Type>> AllowedCache = new();
    private static readonly ConcurrentDictionary<Assembly, Type[]> AssemblyTypes = new();

    private readonly Type _declared;

    /// <summary>A serializer for graphs whose root is declared as <paramref name="declared"/>.</summary>
    /// <exception cref="TypeTransformerException">The declared type (or a field reachable from it) cannot be captured.</exception>
    public ObjectGraphSerializer(Type declared)
    {
        _declared = declared;
        try
        {
            Validate(declared, []);
        }
        catch (GraphException e)
        {
            throw new TypeTransformerException($"a .NET type the object-graph fallback can capture", GraphPlan.Name(declared), e.Message, e);
        }
    }

    private void Validate(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return;
        var plan = GraphPlan.For(type);
        if ((type.IsAbstract || type.IsInterface) && AllowedTypes(type).Count == 0)
            throw new GraphException($"{GraphPlan.Name(type)} is abstract and no type that could fill it is in the allow-list derived from {GraphPlan.Name(_declared)}");
        switch (plan)
        {
            case ObjectPlan o: foreach (var f in o.Fields) Validate(f.FieldType, seen); break;
            case ArrayPlan a: Validate(a.ElementType, seen); break;
            case SequencePlan s: Validate(s.ElementType, seen); break;
            case DictionaryPlan d: Validate(d.KeyType, seen); Validate(d.ValueType, seen); break;
        }
    }

    /// <summary>
    /// The runtime types a slot declared as <paramref name="slot"/> may hold besides <paramref name="slot"/> itself, by tag:
    /// concrete types assignable to it from the root type's assembly or the slot type's own (non-framework) assembly, the
    /// primitive types (for <c>object</c>-like slots), and <c>List&lt;E&gt;</c>, <c>HashSet&lt;E&gt;</c>, <c>E[]</c>,
    /// <c>Dictionary&lt;K,V&gt;</c> for collection interfaces over <c>E</c> / <c>K,V</c>. Everything else is refused.
    /// </summary>
    public IReadOnlyDictionary<string, Type> AllowedTypes(Type slot) => AllowedCache.GetOrAdd((_declared, slot), key =>
    {
        var allowed = new Dictionary<string, Type>(StringComparer.Ordinal);
        void Add(Type t)
        {
            if (t != key.Slot && key.Slot.IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface && !t.ContainsGenericParameters)
                allowed.TryAdd(GraphPlan.Name(t), t);
        }
        foreach (var t in PrimitivePlan.Types) Add(t);
        foreach (var assembly in new[] { RootAssembly(key.Root), key.Slot.Assembly }.Distinct())
        {
            if (IsFramework(assembly)) continue;
            foreach (var t in AssemblyTypes.GetOrAdd(assembly, a => a.GetTypes())) Add(t);
        }
        if (key.Slot.IsGenericType)
        {
            var args = key.Slot.GetGenericArguments();
            if (args.Length == 1)
            {
                Add(typeof(List<>).MakeGenericType(args));
                Add(typeof(HashSet<>).MakeGenericType(args));
                Add(args[0].MakeArrayType());
            }
            else if (args.Length == 2)
                Add(typeof(Dictionary<,>).MakeGenericType(args));
        }
        return allowed;
    });

    private static Assembly RootAssembly(Type root)
    {
        // A list or array of user objects belongs to the user's assembly, not to the framework's.
        while (root.IsArray || root.IsGenericType && IsFramework(root.Assembly))
            root = root.IsArray ? root.GetElementType()! : root.GetGenericArguments()[^1];
        return root.Assembly;
    }

    private static bool IsFramework(Assembly assembly)
    {
        var name = assembly.GetName().Name ?? "";
        return assembly == typeof(object).Assembly || name.StartsWith("System.", StringComparison.Ordinal) || name == "System" ||
               name.StartsWith("Microsoft.", StringComparison.Ordinal) || name == "netstandard" || name == "mscorlib";
    }

    /// <summary>Serializes <paramref name="value"/> (of the declared type) to <paramref name="output"/>.</summary>
    /// <exception cref="TypeTransformerException">Something in the graph cannot be captured.</exception>
    public void Serialize(object? value, IBufferWriter<byte> output)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.WriteString(ObjectGraphFormat.Magic);
        writer.WriteString(GraphPlan.Name(_declared));
        var state = new WriteState();
        try
        {
            Write(ref writer, value, _declared, state);
        }
        catch (GraphException e)
        {
            throw new TypeTransformerException($"a capturable {GraphPlan.Name(_declared)}", "a graph the fallback cannot write", e.Message, e);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TypeTransformerException($"a capturable {GraphPlan.Name(_declared)}", "a graph too deep to walk", "Give it a transformer or a record shape.", e);
        }
    }

    /// <summary>Serializes <paramref name="value"/> to a new byte array.</summary>
    public byte[] Serialize(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Rebuilds a graph written for the declared type.</summary>
    /// <param name="payload">The bytes written by <see cref="Serialize(object?)"/>.</param>
    /// <param name="maxDepth">How deep the graph may nest (objects in objects), as <see cref="TypeEngineOptions.MaxDepth"/>.</param>
    /// <exception cref="TypeTransformerException">The payload is truncated, malformed, written for another type, names a type outside the allow-list, or nests deeper than <paramref name="maxDepth"/>.</exception>
    public object? Deserialize(ReadOnlySpan<byte> payload, int maxDepth = TypeEngineOptions.DefaultMaxDepth)
    {
        var reader = new MessagePackReader(payload);
        try
        {
            if (reader.ReadArrayHeader() != 3 || reader.ReadString() != ObjectGraphFormat.Magic)
                throw new GraphException("the payload is not a .NET object graph (wrong header)");
            var written = reader.ReadString();
            if (written != GraphPlan.Name(_declared))
                throw new GraphException($"the payload was written for {written}, not for the declared {GraphPlan.Name(_declared)}");
            var value = Read(ref reader, GraphSlot.For(_declared), new ReadState { Limit = maxDepth });
            if (!reader.End) throw new GraphException($"{reader.Remaining} unexpected bytes follow the graph");
            return value;
        }
        catch (Exception e) when (e is GraphException or MessagePackException or ArgumentException or InvalidCastException or ArrayTypeMismatchException
                                       or OverflowException or FormatException)
        {
            throw new TypeTransformerException($"a {ObjectGraphFormat.Name} payload of {GraphPlan.Name(_declared)}", "a payload that does not fit", e.Message, e);
        }
        catch (InsufficientExecutionStackException e)
        {
            throw new TypeTransformerException($"a {ObjectGraphFormat.Name} payload of {GraphPlan.Name(_declared)}", "a graph too deep to rebuild", null, e);
        }
    }

    private sealed class WriteState
    {
        public readonly Dictionary<object, int> Ids = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>The objects read so far, for back references.</summary>
    internal sealed class ReadState
    {
        public readonly List<object?> Objects = [];
        public int Depth;
        public int Limit;
    }

    private void Write(ref MessagePackWriter w, object? value, Type slot, WriteState state)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (slot.IsValueType && Nullable.GetUnderlyingType(slot) is null)
        {
            WriteContent(ref w, value!, GraphPlan.For(slot), state);
            return;
        }
        if (value is null)
        {
            w.WriteNil();
            return;
        }
        if (Nullable.GetUnderlyingType(slot) is { } underlying)
        {
            WriteContent(ref w, value, GraphPlan.For(underlying), state);
            return;
        }
        if (slot == typeof(string) || slot == typeof(byte[]))
        {
            WritePrimitive(ref w, value);
            return;
        }
        if (state.Ids.TryGetValue(value, out var id))
        {
            w.Write(id);
            return;
        }
        var runtime = value.GetType();
        var tag = "";
        if (runtime != slot)
        {
            tag = GraphPlan.Name(runtime);
            if (!AllowedTypes(slot).ContainsKey(tag))
                throw new GraphException($"a {tag} in a slot declared {GraphPlan.Name(slot)} is not in the allow-list derived from {GraphPlan.Name(_declared)} " +
                                         "(only types of the declared assembly, primitives and collections of the declared element types)");
        }
        state.Ids.Add(value, state.Ids.Count);
        var plan = GraphPlan.For(runtime);
        switch (plan)
        {
            case ArrayPlan a:
            {
                var array = (Array)value;
                w.WriteArrayHeader(1 + array.Length);
                w.WriteString(tag);
                foreach (var item in array) Write(ref w, item, a.ElementType, state);
                break;
            }
            case SequencePlan s:
            {
                if (s.ComparerCheck is { } comparer && !IsDefaultComparer(comparer.GetValue(value), s.ElementType))
                    throw new GraphException($"a {GraphPlan.Name(runtime)} with a custom comparer cannot be captured");
                var items = ((IEnumerable)value).Cast<object?>().ToList();
                w.WriteArrayHeader(1 + items.Count);
                w.WriteString(tag);
                foreach (var item in items) Write(ref w, item, s.ElementType, state);
                break;
            }
            case DictionaryPlan d:
            {
                if (!IsDefaultComparer(d.Comparer.GetValue(value), d.KeyType))
                    throw new GraphException($"a {GraphPlan.Name(runtime)} with a custom comparer cannot be captured");
                var dictionary = (IDictionary)value;
                w.WriteArrayHeader(1 + 2 * dictionary.Count);
                w.WriteString(tag);
                foreach (DictionaryEntry entry in dictionary)
                {
                    Write(ref w, entry.Key, d.KeyType, state);
                    Write(ref w, entry.Value, d.ValueType, state);
                }
                break;
            }
            case ObjectPlan { Type.IsValueType: false } o:
                w.WriteArrayHeader(1 + o.Fields.Length);
                w.WriteString(tag);
                foreach (var field in o.Fields) Write(ref w, field.GetValue(value), field.FieldType, state);
                break;
            default:
                // A boxed primitive or struct in an object-like slot.
                w.WriteArrayHeader(2);
                w.WriteString(tag);
                WriteContent(ref w, value, plan, state);
                break;
        }
    }

    private static bool IsDefaultComparer(object? comparer, Type keyType) =>
        comparer is null || comparer.Equals(typeof(EqualityComparer<>).MakeGenericType(keyType).GetProperty("Default")!.GetValue(null));

    private void WriteContent(ref MessagePackWriter w, object value, GraphPlan plan, WriteState state)
    {
        if (plan is PrimitivePlan)
        {
            WritePrimitive(ref w, value);
            return;
        }
        var o = (ObjectPlan)plan;
        w.WriteArrayHeader(o.Fields.Length);
        foreach (var field in o.Fields) Write(ref w, field.GetValue(value), field.FieldType, state);
    }

    private static void WritePrimitive(ref MessagePackWriter w, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(s); break;
            case byte[] b: w.WriteBinary(b); break;
            case bool b: w.Write(b); break;
            case char c: w.Write((int)c); break;
            case float f: w.Write(f); break;
            case double d: w.Write(d); break;
            case ulong u: w.Write(u); break;
            case decimal m: w.WriteString(m.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case DateTime d: w.Write(((long)d.Kind << 62) | d.Ticks); break;
            case DateTimeOffset d: w.WriteArrayHeader(2); w.Write(d.Ticks); w.Write((int)d.Offset.TotalMinutes); break;
            case TimeSpan t: w.Write(t.Ticks); break;
            case DateOnly d: w.Write(d.DayNumber); break;
            case TimeOnly t: w.Write(t.Ticks); break;
            case Guid g: w.WriteBinary(g.ToByteArray()); break;
            case Enum e: w.Write(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: w.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    internal object? Read(ref MessagePackReader r, GraphSlot slot, ReadState state)
    {
        if (++state.Depth > state.Limit) throw new GraphException($"the graph nests deeper than {state.Limit} levels (TypeEngineOptions.MaxDepth)");
        try
        {
            return ReadSlot(ref r, slot, state);
        }
        finally
        {
            state.Depth--;
        }
    }

    private object? ReadSlot(ref MessagePackReader r, GraphSlot declared, ReadState state)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var slot = declared.Type;
        if (declared.Kind == SlotKind.Inline) return ReadContent(ref r, declared.InlinePlan, state);
        if (r.TryReadNil()) return null;
        if (declared.Kind == SlotKind.Nullable) return ReadContent(ref r, declared.InlinePlan, state);
        if (declared.Kind == SlotKind.Text) return ReadPrimitive(ref r, slot);
        if (r.PeekType() == MessagePackType.Integer)
        {
            var id = r.ReadInt32();
            if (id < 0 || id >= state.Objects.Count) throw new GraphException($"the back reference {id} names no object read so far");
            var target = state.Objects[id];
            if (target is not null && !slot.IsInstanceOfType(target))
                throw new GraphException($"the back reference {id} is a {GraphPlan.Name(target.GetType())}, not a {GraphPlan.Name(slot)}");
            return target;
        }
        var count = r.ReadArrayHeader();
        if (count < 1) throw new GraphException("an object without a type tag");
        var tag = r.ReadString();
        Type runtime;
        GraphPlan plan;
        if (tag.Length == 0) (runtime, plan) = (slot, declared.Plan);
        else if (AllowedTypes(slot).TryGetValue(tag, out runtime!)) plan = GraphPlan.For(runtime);
        else throw new GraphException($"the payload names the type '{tag}' for a slot declared {GraphPlan.Name(slot)}; it is not in the allow-list derived from {GraphPlan.Name(_declared)}");
        var id0 = state.Objects.Count;
        state.Objects.Add(null);
        switch (plan)
        {
            case ArrayPlan a:
            {
                var array = Array.CreateInstance(a.ElementType, count - 1);
                state.Objects[id0] = array;
                if (array is object?[] references)   // any array of a reference type: a checked store, no reflection
                {
                    if (a.Element.Kind == SlotKind.Reference) state.Objects.EnsureCapacity(state.Objects.Count + references.Length);   // objects too, usually
                    for (var i = 0; i < references.Length; i++) references[i] = Read(ref r, a.Element, state);
                }
                else
                    for (var i = 0; i < array.Length; i++) array.SetValue(Read(ref r, a.Element, state), i);
                return array;
            }
            case SequencePlan s:
            {
                var collection = s.Create(count - 1);
                state.Objects[id0] = collection;
                for (var i = 1; i < count; i++) s.Add(collection, Read(ref r, s.Element, state));
                return collection;
            }
            case DictionaryPlan d:
            {
                if (count % 2 != 1) throw new GraphException("a dictionary with a key but no value");
                var dictionary = (IDictionary)Activator.CreateInstance(runtime)!;
                state.Objects[id0] = dictionary;
                for (var i = 1; i < count; i += 2)
                {
                    var key = Read(ref r, d.Key, state) ?? throw new GraphException("a dictionary key is null");
                    dictionary[key] = Read(ref r, d.Value, state);   // a repeated key keeps its last value, as everywhere
                }
                return dictionary;
            }
            case ObjectPlan { IsClass: true } o:
            {
                if (o.IsAbstract) throw new GraphException($"an instance of the abstract {GraphPlan.Name(o.Type)} without a type tag");
                if (count - 1 != o.Fields.Length)
                    throw new GraphException($"{GraphPlan.Name(o.Type)} has {o.Fields.Length} fields but the payload has {count - 1}");
                var instance = RuntimeHelpers.GetUninitializedObject(o.Type);
                state.Objects[id0] = instance;
                foreach (var field in o.Readers) field.Read(this, instance, ref r, state);
                return instance;
            }
            default:
            {
                if (count != 2) throw new GraphException($"a boxed {GraphPlan.Name(runtime)} with {count - 1} parts");
                var boxed = ReadContent(ref r, plan, state);
                state.Objects[id0] = boxed;
                return boxed;
            }
        }
    }

    private object ReadContent(ref MessagePackReader r, GraphPlan plan, ReadState state)
    {
        if (plan is PrimitivePlan) return ReadPrimitive(ref r, plan.Type);
        var o = (ObjectPlan)plan;
        var count = r.ReadArrayHeader();
        if (count != o.Fields.Length) throw new GraphException($"{GraphPlan.Name(o.Type)} has {o.Fields.Length} fields but the payload has {count}");
        var box = RuntimeHelpers.GetUninitializedObject(o.Type);
        foreach (var field in o.Readers) field.Read(this, box, ref r, state);
        return box;
    }

    private static object ReadPrimitive(ref MessagePackReader r, Type type)
    {
        if (type.IsEnum) return Enum.ToObject(type, r.ReadInt64());
        if (type == typeof(string)) return r.ReadString();
        if (type == typeof(byte[])) return r.ReadBinary().ToArray();
        if (type == typeof(bool)) return r.ReadBoolean();
        if (type == typeof(char)) return checked((char)r.ReadInt64());
        if (type == typeof(float)) return r.ReadSingle();
        if (type == typeof(double)) return r.ReadDouble();
        if (type == typeof(ulong)) return r.ReadUInt64();
        if (type == typeof(decimal)) return decimal.Parse(r.ReadString(), System.Globalization.CultureInfo.InvariantCulture);
        if (type == typeof(DateTime)) { var packed = r.ReadInt64(); return new DateTime(packed & ((1L << 62) - 1), (DateTimeKind)((packed >> 62) & 3)); }
        if (type == typeof(DateTimeOffset)) { if (r.ReadArrayHeader() != 2) throw new GraphException("a DateTimeOffset needs ticks and an offset"); var ticks = r.ReadInt64(); return new DateTimeOffset(ticks, TimeSpan.FromMinutes(r.ReadInt32())); }
        if (type == typeof(TimeSpan)) return new TimeSpan(r.ReadInt64());
        if (type == typeof(DateOnly)) return DateOnly.FromDayNumber(r.ReadInt32());
        if (type == typeof(TimeOnly)) return new TimeOnly(r.ReadInt64());
        if (type == typeof(Guid)) return new Guid(r.ReadBinary());
        return Convert.ChangeType(r.ReadInt64(), type, System.Globalization.CultureInfo.InvariantCulture);
    }
}
