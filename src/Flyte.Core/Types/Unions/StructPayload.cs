using System.Globalization;

namespace Flyte.Types;

/// <summary>
/// Converts literals to and from protobuf Struct values, guided by the literal type: how a union case whose fields
/// arrive as a <see cref="Generic"/> (STRUCT) payload — JSON typed into the console, older producers — is read.
/// <para>
/// Shapes follow flytekit's JSON forms where there is one: integers and floats are numbers (so integers beyond
/// ±2^53 lose precision, as in flytekit's pre-msgpack format), datetimes ISO-8601 strings, durations seconds,
/// lists arrays, string-keyed maps objects, an optional (a union of one type and <c>none</c>) the value or null.
/// Other unions keep their tag: <c>{"tag": t, "value": v}</c>. A msgpack <see cref="Binary"/> (e.g. a record) is kept
/// losslessly as <c>{"$binary": base64, "$tag": tag}</c>.
/// </para>
/// </summary>
public static class StructPayload
{
    private const string BinaryKey = "$binary";
    private const string BinaryTagKey = "$tag";

    /// <summary>The Struct form of <paramref name="literal"/>, a literal of <paramref name="type"/>.</summary>
    /// <exception cref="TypeTransformerException">The literal cannot be written as a Struct value.</exception>
    public static StructValue ToStructValue(Literal literal, LiteralType type)
    {
        switch (literal.Value)
        {
            case Primitive.Integer i: return new StructValue.Number(i.Value);
            case Primitive.FloatValue f: return new StructValue.Number(f.Value);
            case Primitive.StringValue s: return new StructValue.String(s.Value);
            case Primitive.Boolean b: return new StructValue.Bool(b.Value);
            case Primitive.Datetime d: return new StructValue.String(d.Value.ToString("O", CultureInfo.InvariantCulture));
            case Primitive.Duration d: return new StructValue.Number(d.Value.TotalSeconds);
            case Void: return StructValue.Null.Instance;
            case Generic g: return new StructValue.Object(g.Value);
            case Binary b:
                return new StructValue.Object(Struct.Of((BinaryKey, Convert.ToBase64String(b.Value.Span)), (BinaryTagKey, b.Tag)));
            case LiteralCollection c:
            {
                var element = type.Type is TypeKind.CollectionType ct ? ct.ElementType : type;
                return new StructValue.List(c.Literals.Select((l, index) => At($"[{index}]", () => ToStructValue(l, element))).ToValueList());
            }
            case LiteralMap m:
            {
                var value = type.Type is TypeKind.MapValueType mt ? mt.ValueType : type;
                return new StructValue.Object(new Struct(m.Literals
                    .Select(kv => KeyValuePair.Create(kv.Key, At($"[\"{kv.Key}\"]", () => ToStructValue(kv.Value, value))))
                    .ToValueMap()));
            }
            case Union u:
                if (IsNone(u.Type)) return StructValue.Null.Instance;
                if (type.Type is UnionType ut && OptionalVariant(ut) is not null) return ToStructValue(u.Value, u.Type);
                return new StructValue.Object(Struct.Of(("tag", u.Type.Structure?.Tag ?? ""), ("value", ToStructValue(u.Value, u.Type))));
            default:
                throw new TypeTransformerException(type, literal.ToString(), "This kind of literal cannot be part of a union case payload.");
        }
    }

    /// <summary>The literal of <paramref name="type"/> that <paramref name="value"/> stands for.</summary>
    /// <exception cref="TypeTransformerException">The value does not fit the type.</exception>
    public static Literal ToLiteral(StructValue value, LiteralType type)
    {
        switch (type.Type, value)
        {
            case (TypeKind.Simple { Type: SimpleType.Integer }, StructValue.Number n) when n.Value == Math.Floor(n.Value) && Math.Abs(n.Value) <= 9.2e18:
                return new Primitive.Integer((long)n.Value);
            case (TypeKind.Simple { Type: SimpleType.Float }, StructValue.Number n): return new Primitive.FloatValue(n.Value);
            case (TypeKind.Simple { Type: SimpleType.String }, StructValue.String s): return new Primitive.StringValue(s.Value);
            case (EnumType, StructValue.String s): return new Primitive.StringValue(s.Value);
            case (TypeKind.Simple { Type: SimpleType.Boolean }, StructValue.Bool b): return new Primitive.Boolean(b.Value);
            case (TypeKind.Simple { Type: SimpleType.Datetime }, StructValue.String s)
                when DateTime.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AdjustToUniversal, out var d):
                return new Primitive.Datetime(d);
            case (TypeKind.Simple { Type: SimpleType.Duration }, StructValue.Number n): return new Primitive.Duration(TimeSpan.FromSeconds(n.Value));
            case (TypeKind.Simple { Type: SimpleType.None }, StructValue.Null): return Void.Instance;
            case (TypeKind.Simple { Type: SimpleType.Struct or SimpleType.Binary }, StructValue.Object o)
                when o.Value.Fields.Count == 2 && o.Value.Fields.TryGetValue(BinaryKey, out var data) && data is StructValue.String b64
                     && o.Value.Fields.TryGetValue(BinaryTagKey, out var tag) && tag is StructValue.String t:
                return new Binary(Bytes.Wrap(Convert.FromBase64String(b64.Value)), t.Value);
            case (TypeKind.Simple { Type: SimpleType.Struct }, StructValue.Object o): return new Generic(o.Value);
            case (TypeKind.CollectionType ct, StructValue.List l):
                return new LiteralCollection(l.Values.Select((v, index) => At($"[{index}]", () => ToLiteral(v, ct.ElementType))).ToValueList());
            case (TypeKind.MapValueType mt, StructValue.Object o):
                return new LiteralMap(o.Value.Fields
                    .Select(kv => KeyValuePair.Create(kv.Key, At($"[\"{kv.Key}\"]", () => ToLiteral(kv.Value, mt.ValueType))))
                    .ToValueMap());
            case (UnionType ut, _):
                return ToUnion(value, type, ut);
            default:
                throw new TypeTransformerException(type, $"the JSON value {value}");
        }
    }

    private static Literal ToUnion(StructValue value, LiteralType type, UnionType union)
    {
        if (value is StructValue.Null && union.Variants.FirstOrDefault(IsNone) is { } none)
            return new Union(Void.Instance, none);
        if (OptionalVariant(union) is { } some) return new Union(ToLiteral(value, some), some);
        if (value is StructValue.Object o && o.Value.Fields.TryGetValue("tag", out var tagValue) && tagValue is StructValue.String tag
            && o.Value.Fields.TryGetValue("value", out var inner))
        {
            var variant = union.Variants.FirstOrDefault(v => v.Structure?.Tag == tag.Value)
                ?? throw new TypeTransformerException(type, $"the tag \"{tag.Value}\"",
                    "Known tags: " + string.Join(", ", union.Variants.Select(v => $"\"{v.Structure?.Tag}\"")) + ".");
            return new Union(ToLiteral(inner, variant), variant);
        }
        throw new TypeTransformerException(type, $"the JSON value {value}", "A union value is written as {\"tag\": …, \"value\": …}.");
    }

    private static bool IsNone(LiteralType type) => type.Type is TypeKind.Simple { Type: SimpleType.None };

    private static LiteralType? OptionalVariant(UnionType union) =>
        union.Variants.Count == 2 && union.Variants.Count(IsNone) == 1 ? union.Variants.First(v => !IsNone(v)) : null;

    private static TResult At<TResult>(string segment, Func<TResult> convert)
    {
        try { return convert(); }
        catch (TypeTransformerException e) { throw e.AtPath(segment); }
    }
}
