using System.Numerics;

namespace Flyte.Types.Primitives;

/// <summary>
/// Every .NET integer type ⇄ Flyte INTEGER (int64), flytekit's <c>int</c>. A value that does not fit — a ulong above
/// long.MaxValue on the way in, an int64 outside the target type on the way back — is an error, never a wrap.
/// A float literal (the console sends JavaScript numbers) is accepted only when it is integral.
/// </summary>
internal sealed class IntegerTransformer<T>() : ScalarTransformer<T>("int", LiteralType.Of(SimpleType.Integer))
    where T : struct, IBinaryInteger<T>
{
    public override Literal Encode(T value)
    {
        var wide = long.CreateSaturating(value);
        if (T.CreateTruncating(wide) == value) return new Primitive.Integer(wide);
        throw BadValue($"the {typeof(T).Name} {value}", "It does not fit Flyte's INTEGER (int64).");
    }

    protected override bool TryDecode(Primitive primitive, out T value)
    {
        switch (primitive)
        {
            case Primitive.Integer i:
                value = Narrow(i.Value, primitive);
                return true;
            case Primitive.FloatValue f when double.IsInteger(f.Value) && f.Value >= -9223372036854775808.0 && f.Value < 9223372036854775808.0:
                value = Narrow((long)f.Value, primitive);
                return true;
            case Primitive.FloatValue f:
                throw BadValue($"the float {f}", "Only an integral float can be read as an integer.");
            default:
                value = default;
                return false;
        }
    }

    private T Narrow(long wide, Primitive found) =>
        T.CreateSaturating(wide) is var narrow && long.CreateTruncating(narrow) == wide
            ? narrow
            : throw BadValue($"the integer {found}", $"It overflows a .NET {typeof(T).Name}.");
}
