using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace Flyte.Types.Enums;

/// <summary>
/// Enum types made at run time for an <see cref="EnumType"/> known only from an interface, the .NET counterpart of
/// flytekit's <c>DynamicEnum</c>: one member per value, named after it and carrying it in <see cref="FlyteEnumValueAttribute"/>,
/// so values and union tags match the producer's exactly. One type per distinct value list, per process.
/// </summary>
internal static class DynamicEnums
{
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("Flyte.DynamicEnums"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("Flyte.DynamicEnums");

    private static readonly ConcurrentDictionary<ValueList<string>, Lazy<Type>> Types = new();

    private static readonly ConstructorInfo ValueAttribute = typeof(FlyteEnumValueAttribute).GetConstructor([typeof(string)])!;

    private static int _count;

    public static Type For(ValueList<string> values) => Types.GetOrAdd(values, v => new Lazy<Type>(() => Build(v))).Value;

    private static Type Build(ValueList<string> values)
    {
        lock (Module)
        {
            var builder = Module.DefineEnum($"Flyte.DynamicEnums.DynamicEnum{++_count}", TypeAttributes.Public, typeof(int));
            for (var i = 0; i < values.Count; i++)
            {
                var member = builder.DefineLiteral(values[i].Length > 0 ? values[i] : "_" + i, i);
                member.SetCustomAttribute(new CustomAttributeBuilder(ValueAttribute, [values[i]]));
            }
            return builder.CreateType();
        }
    }
}
