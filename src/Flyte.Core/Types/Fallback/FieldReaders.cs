using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Flyte.MessagePack;

namespace Flyte.Types.Fallback;

/// <summary>
/// Reads one field of an object being rebuilt and stores it with a compiled setter (an emitted <c>stfld</c>, which also
/// sets <c>readonly</c> and private fields) instead of <see cref="FieldInfo.SetValue(object, object)"/>. Numbers, text and
/// booleans are read as their own type, without boxing; any other field goes through the serializer's general reader.
/// </summary>
internal abstract class FieldReader
{
    /// <summary>Reads the field's value from <paramref name="reader"/> into <paramref name="instance"/> (a boxed struct for a struct).</summary>
    public abstract void Read(ObjectGraphSerializer serializer, object instance, ref MessagePackReader reader, ObjectGraphSerializer.ReadState state);

    /// <summary>The reader of <paramref name="field"/>, declared on (or inherited by) <paramref name="owner"/>.</summary>
    public static FieldReader For(Type owner, FieldInfo field) =>
        (FieldReader)Activator.CreateInstance(typeof(FieldReader<>).MakeGenericType(field.FieldType), owner, field)!;
}

/// <summary>The reader of a field of type <typeparamref name="T"/>.</summary>
internal sealed class FieldReader<T> : FieldReader
{
    private static readonly bool Direct = typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(double) ||
                                          typeof(T) == typeof(float) || typeof(T) == typeof(bool) || typeof(T) == typeof(string);

    private readonly GraphSlot _slot = GraphSlot.For(typeof(T));
    private readonly Action<object, T> _set;

    public FieldReader(Type owner, FieldInfo field) => _set = CompileSetter(owner, field);

    public override void Read(ObjectGraphSerializer serializer, object instance, ref MessagePackReader reader, ObjectGraphSerializer.ReadState state) =>
        _set(instance, Direct ? ReadDirect(ref reader) : (T)serializer.Read(ref reader, _slot, state)!);

    /// <summary>The same values <c>ReadPrimitive</c> reads for these types, without a box.</summary>
    private static T ReadDirect(ref MessagePackReader reader)
    {
        if (typeof(T) == typeof(int)) { var v = checked((int)reader.ReadInt64()); return Unsafe.As<int, T>(ref v); }
        if (typeof(T) == typeof(long)) { var v = reader.ReadInt64(); return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(double)) { var v = reader.ReadDouble(); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(float)) { var v = reader.ReadSingle(); return Unsafe.As<float, T>(ref v); }
        if (typeof(T) == typeof(bool)) { var v = reader.ReadBoolean(); return Unsafe.As<bool, T>(ref v); }
        // string: null is written as nil
        return (T)(object?)(reader.TryReadNil() ? null : reader.ReadString())!;
    }

    /// <summary><c>(instance, value) =&gt; ((Owner)instance).field = value</c>, unboxing in place for a struct.</summary>
    private static Action<object, T> CompileSetter(Type owner, FieldInfo field)
    {
        var method = new DynamicMethod($"set_{owner.Name}_{field.Name}", null, [typeof(object), typeof(T)], typeof(FieldReader).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(owner.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, owner);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Action<object, T>>();
    }
}
