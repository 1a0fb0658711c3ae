using System.Buffers;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Records;

/// <summary>One record field bound to its compiled getter and the engine's transformer of its type.</summary>
internal abstract class FieldCodec<TRecord>(RecordField field)
{
    public RecordField Field { get; } = field;
    public byte[] NameUtf8 { get; } = Encoding.UTF8.GetBytes(field.Name);
    /// <summary>The key already encoded as a msgpack str, copied as is on write.</summary>
    public byte[] EncodedKey { get; } = EncodeKey(field.Name);
    public abstract void Write(ref MessagePackWriter writer, TRecord record, MsgPackContext context);
    /// <summary>A slot holding one value of the field's own type (a <see cref="StrongBox{T}"/>), so reading does not box.</summary>
    public abstract object NewSlot();
    public abstract void ReadInto(object slot, ref MessagePackReader reader, MsgPackContext context);
    public abstract void SetDefault(object slot, object? value);
    public abstract void Clear(object slot);
    public abstract object? Get(TRecord record);

    private static byte[] EncodeKey(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteString(name);
        return buffer.WrittenSpan.ToArray();
    }
}

internal sealed class FieldCodec<TRecord, TField>(RecordField field, Func<TRecord, TField> getter, TypeTransformer<TField> transformer) : FieldCodec<TRecord>(field)
{
    public override void Write(ref MessagePackWriter writer, TRecord record, MsgPackContext context) => transformer.WriteMsgPack(ref writer, getter(record), context);
    public override object NewSlot() => new StrongBox<TField>();
    public override void ReadInto(object slot, ref MessagePackReader reader, MsgPackContext context) =>
        ((StrongBox<TField>)slot).Value = transformer.ReadMsgPack(ref reader, context);
    public override void SetDefault(object slot, object? value) => ((StrongBox<TField>)slot).Value = (TField)value!;
    public override void Clear(object slot) => ((StrongBox<TField>)slot).Value = default!;
    public override object? Get(TRecord record) => getter(record);
}

/// <summary>
/// A record as a msgpack map: keys are the field names in declaration order, every field present (null as nil), each
/// value through the engine's transformer of the field's type. Getters and the constructor are compiled once; reading
/// collects every missing or mistyped field before failing.
/// </summary>
internal sealed class RecordCodec<T>
{
    private readonly FieldCodec<T>[] _fields;
    private readonly Func<object[], bool[], T> _construct;
    private Frame? _spare;

    // The values of one read, typed per field; one is kept per codec and reused (a nested read of the same type while it
    // is in use gets its own), so reading a small record allocates only the record.
    private sealed class Frame(FieldCodec<T>[] fields)
    {
        public readonly object[] Slots = Array.ConvertAll(fields, f => f.NewSlot());
        public readonly bool[] Absent = new bool[fields.Length];   // keep the constructor's value (an init-only field with a default)
    }

    /// <summary>Binds every field of <paramref name="shape"/> to <paramref name="engine"/>'s transformer of its type.</summary>
    public RecordCodec(RecordShape shape, TypeEngine engine)
    {
        Shape = shape;
        _fields = shape.Fields.Select(f => MakeField(f, engine.Get(f.Type))).ToArray();
        _construct = CompileConstructor();
    }

    public RecordShape Shape { get; }

    private static FieldCodec<T> MakeField(RecordField field, ITypeTransformer transformer)
    {
        var record = Expression.Parameter(typeof(T), "record");
        var getterType = typeof(Func<,>).MakeGenericType(typeof(T), field.Type);
        var getter = Expression.Lambda(getterType, Expression.Property(record, field.Property), record).Compile();
        return (FieldCodec<T>)Activator.CreateInstance(typeof(FieldCodec<,>).MakeGenericType(typeof(T), field.Type), field, getter, transformer)!;
    }

    private Func<object[], bool[], T> CompileConstructor()
    {
        var slots = Expression.Parameter(typeof(object[]), "slots");
        var absent = Expression.Parameter(typeof(bool[]), "absent");
        Expression Arg(int i) => Expression.Field(
            Expression.Convert(Expression.ArrayIndex(slots, Expression.Constant(i)), typeof(StrongBox<>).MakeGenericType(_fields[i].Field.Type)),
            nameof(StrongBox<int>.Value));
        var ctor = Shape.Constructor;
        var byParameter = Enumerable.Range(0, _fields.Length).Where(i => _fields[i].Field.ParameterIndex >= 0)
            .ToDictionary(i => _fields[i].Field.ParameterIndex);
        Expression create = ctor is null ? Expression.New(typeof(T))
            : Expression.New(ctor, ctor.GetParameters().Select((p, pi) => byParameter.TryGetValue(pi, out var fi) ? Arg(fi)
                : (Expression)Expression.Constant(p.HasDefaultValue ? p.DefaultValue : null, p.ParameterType)));
        var instance = Expression.Variable(typeof(T), "instance");
        var body = new List<Expression> { Expression.Assign(instance, create) };
        for (var i = 0; i < _fields.Length; i++)
        {
            if (_fields[i].Field.ParameterIndex >= 0) continue;
            // Init-only setters are ordinary methods to expression trees; an absent field keeps the constructor's value.
            body.Add(Expression.IfThen(Expression.Not(Expression.ArrayIndex(absent, Expression.Constant(i))),
                Expression.Call(instance, _fields[i].Field.Property.SetMethod!, Arg(i))));
        }
        body.Add(instance);
        return Expression.Lambda<Func<object[], bool[], T>>(Expression.Block([instance], body), slots, absent).Compile();
    }

    public void Write(ref MessagePackWriter w, T v, MsgPackContext s)
    {
        if (v is null)
        {
            w.WriteNil();
            return;
        }
        if (Shape.HasValidation) RecordValidation.ThrowIfInvalid(Shape, v);
        var fields = _fields;
        w.WriteMapHeader(fields.Length);
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            w.WriteRaw(field.EncodedKey);
            try
            {
                field.Write(ref w, v, s);
            }
            catch (TypeTransformerException e)
            {
                throw e.AtPath(field.Field.Name);
            }
            catch (MessagePackException e)
            {
                throw new TypeTransformerException(field.Field.Type.Name, "a value msgpack cannot hold", e.Message, e).AtPath(field.Field.Name);
            }
        }
    }

    public T Read(ref MessagePackReader r, MsgPackContext s)
    {
        if (r.TryReadNil()) return default!;
        if (r.PeekType() != MessagePackType.Map)
            throw new CodecReadException($"expected a map for {typeof(T).Name}, found {MsgPackRead.Describe(ref r)}");
        s.Enter();
        try
        {
            return ReadFields(ref r, s);
        }
        finally
        {
            s.Leave();
        }
    }

    private T ReadFields(ref MessagePackReader r, MsgPackContext s)
    {
        var fields = _fields;
        var frame = Interlocked.Exchange(ref _spare, null) ?? new Frame(fields);
        var values = frame.Slots;
        Span<bool> seen = fields.Length <= 128 ? stackalloc bool[fields.Length] : new bool[fields.Length];
        List<FieldMismatch>? errors = null;
        var count = r.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            if (r.PeekType() != MessagePackType.String)
            {
                r.Skip();
                r.Skip();
                continue;
            }
            var key = r.ReadStringSpan();
            var index = i < fields.Length && key.SequenceEqual(fields[i].NameUtf8) ? i : Find(fields, key);
            if (index < 0)
            {
                r.Skip();   // extra keys are ignored, as mashumaro does by default
                continue;
            }
            var field = fields[index];
            var snapshot = r;
            try
            {
                field.ReadInto(values[index], ref r, s);
            }
            catch (Exception e) when (Mismatches.IsReadError(e))
            {
                Mismatches.Add(ref errors, e, field.Field.Name, Describe(field.Field));
                r = snapshot;
                r.Skip();
            }
            seen[index] = true;   // present, even if mistyped: not also missing
        }
        for (var i = 0; i < fields.Length; i++)
        {
            frame.Absent[i] = false;
            if (seen[i]) continue;
            var field = fields[i].Field;
            if (field.ParameterIndex < 0 && field.HasDefault && !field.IsOptional) frame.Absent[i] = true;
            else if (field.HasDefault) fields[i].SetDefault(values[i], field.DefaultValue);
            else (errors ??= []).Add(new FieldMismatch(field.Name, FieldMismatchKind.Missing, $"required field of type {Describe(field)} is missing"));
        }
        if (errors is not null) throw new CodecMismatchException(errors);
        T result;
        try
        {
            result = _construct(values, frame.Absent);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new CodecReadException($"the constructor of {typeof(T).Name} failed: {e.InnerException.Message}", e.InnerException);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new CodecReadException($"the constructor of {typeof(T).Name} failed: {e.Message}", e);
        }
        for (var i = 0; i < fields.Length; i++) fields[i].Clear(values[i]);   // hold no field value past the read
        _spare = frame;
        if (Shape.HasValidation)
        {
            foreach (var (path, message) in RecordValidation.Validate(Shape, result!))
                (errors ??= []).Add(new FieldMismatch(path, FieldMismatchKind.Mistyped, message));
            if (errors is not null) throw new CodecMismatchException(errors);
        }
        return result;
    }

    private static int Find(FieldCodec<T>[] fields, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < fields.Length; i++)
            if (key.SequenceEqual(fields[i].NameUtf8)) return i;
        return -1;
    }

    internal static string Describe(RecordField field) => TypeNames.Of(field.Type);

    /// <summary>The field values of <paramref name="record"/> in wire order (for validation and JSON).</summary>
    public IEnumerable<(RecordField Field, object? Value)> Values(T record) => _fields.Select(f => (f.Field, f.Get(record)));
}

/// <summary>Short C#-style type names for messages: <c>List&lt;InferenceRequest&gt;</c>, <c>int?</c>.</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return Of(inner) + "?";
        if (type == typeof(int)) return "int";
        if (type == typeof(long)) return "long";
        if (type == typeof(double)) return "double";
        if (type == typeof(string)) return "string";
        if (type == typeof(bool)) return "bool";
        if (!type.IsGenericType) return type.Name;
        var name = type.Name[..type.Name.IndexOf('`')];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
    }
}
