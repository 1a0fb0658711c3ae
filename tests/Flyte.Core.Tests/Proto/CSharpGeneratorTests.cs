using Flyte.Compatibility;
using Flyte.Proto;
using Flyte.Testing;
using Xunit;

namespace Flyte.Tests.Proto;

// The generators as a C# test sees them (FlyteGen), without any F# in sight.
public class CSharpGeneratorTests
{
    [Fact]
    public void Literals_drawn_for_a_type_from_CSharp_are_instances_and_round_trip()
    {
        foreach (var type in FlyteGen.Sample(FlyteGen.LiteralType, 20, 100))
        foreach (var literal in FlyteGen.Sample(FlyteGen.LiteralOf(type), 10, 3))
        {
            Assert.True(TypeCompatibility.IsInstance(literal, type).IsCompatible, $"{literal} of {type}");
            Assert.Equal(literal, ProtoSerializer.LiteralFromBytes(literal.ToBytes()));
        }
    }
}
