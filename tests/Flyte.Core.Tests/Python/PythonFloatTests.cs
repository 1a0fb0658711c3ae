using System.Buffers.Binary;
using Flyte.Types.Json;
using Xunit;

namespace Flyte.Tests.Python;

/// <summary>Floats in JSON as Python writes them (<c>json.dumps</c>, which is <c>repr</c>): <c>1.0</c>, <c>1e-05</c>, <c>1e+16</c>.</summary>
public sealed class PythonFloatTests
{
    private static readonly LiteralType Float = LiteralType.Of(SimpleType.Float);

    [Fact]
    public void The_json_of_a_float_is_what_python_json_dumps_writes()
    {
        var random = new Random(20261202);
        var values = new List<double> { 1.0, 9.0, 0.5, -0.0, 0.0, 0.1, 1e-4, 1e-5, 123456789012345.0, 1e15, 1e16, 1.5e300, 5e-324, -2.5e-7, double.MaxValue };
        for (var i = 0; i < 2000; i++)
        {
            // Random bit patterns cover every exponent; scaled integers cover the fixed/scientific boundaries.
            var bits = BitConverter.DoubleToInt64Bits(random.NextDouble());
            bits ^= random.NextInt64() & 0x7FF0_0000_0000_0000;
            var d = BitConverter.Int64BitsToDouble(bits);
            values.Add(double.IsFinite(d) ? d : random.NextDouble());
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-6, 18)), random.Next(0, 6)));
        }
        var hex = values.Select(v =>
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleBigEndian(b, v);
            return Convert.ToHexString(b);
        }).ToList();

        var python = PythonScript.Run("float_repr.py", [], hex);

        var dotnet = values.Select(v => LiteralJson.ToJson(new Literal(new Primitive.FloatValue(v)), Float)!.ToJsonString()).ToList();
        Assert.Equal(python, dotnet);
    }
}
