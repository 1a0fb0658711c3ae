using System.Globalization;

namespace Flyte.Types;

/// <summary>
/// Reads protobuf Struct values as literals, guided by the literal type: how a union case whose fields arrive as a
/// <see cref="Generic"/> (STRUCT) payload — JSON typed into the console, older producers — is read. The JSON is the
/// msgpack payload's shape: numbers (integers are doubles in a Struct), ISO-8601 datetimes, duration seconds, arrays,
/// objects; an optional is its value or null; a nested union case is an object with its <c>"$tag"</c>.
/// </summary>
internal static class StructPayload
{

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
        if (value is StructValue.Object o && o.Value.Fields.TryGetValue(CaseUnionTransformer<object>.TagKey, out var tagValue)
            && tagValue is StructValue.String tag && union.Variants.FirstOrDefault(v => v.Structure?.Tag == tag.Value) is { } tagged)
            return new Union(ToLiteral(value, tagged), tagged);
        foreach (var variant in union.Variants)
        {
            try { return new Union(ToLiteral(value, variant), variant); }
            catch (TypeTransformerException) { }
        }
        throw new TypeTransformerException(type, $"the JSON value {value}", "It fits no variant.");
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
