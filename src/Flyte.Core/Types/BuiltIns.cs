using Flyte.Types.Collections;
using Flyte.Types.Dictionaries;
using Flyte.Types.Enums;
using Flyte.Types.Optionals;
using Flyte.Types.Primitives;
using Flyte.Types.Records;

namespace Flyte.Types;

/// <summary>
/// The built-in transformer families of <see cref="TypeEngine.Default"/>, in lookup order (first match wins):
/// <list type="number">
/// <item><see cref="PrimitiveFamily"/> — exact scalar types; first, so <c>string</c> and <c>byte[]</c> never look like collections.</item>
/// <item><see cref="EnumFamily"/> — any enum.</item>
/// <item><see cref="OptionalFamily"/> — <see cref="Nullable{T}"/> of anything below.</item>
/// <item><see cref="UntypedJsonFactory"/> — before dictionaries: <c>Dictionary&lt;string, object?&gt;</c> is flytekit's untyped dict.</item>
/// <item><see cref="DictionaryFamily"/> — before collections, since dictionaries are also sequences of pairs.</item>
/// <item><see cref="CollectionFamily"/> — exact list/array/set shapes only.</item>
/// <item><see cref="VariantUnionFamily"/> — <see cref="Union{T1, T2}"/>, <see cref="Union{T1, T2, T3}"/> as flytekit's <c>Union[…]</c>.</item>
/// <item><see cref="ClosedRecordHierarchyFactory"/> — an abstract record with sealed derived records is a tagged union, not a record.</item>
/// <item><see cref="RecordTransformerFactory"/> — last of the structural families, so every more specific family has had its chance.</item>
/// </list>
/// <see cref="Offloaded.OffloadedFamily"/> (files, directories, datasets) sits right after the primitives, and
/// <see cref="Fallback.ObjectGraphFallback"/> is the engine's fallback for everything else.
/// Language packages (Flyte.FSharp) put their families in front with <see cref="TypeEngine.PrependFamily"/>.
/// </summary>
public static class BuiltIns
{
    /// <summary>Adds every built-in family to <paramref name="engine"/>, in the order above.</summary>
    public static TypeEngine AddTo(TypeEngine engine) =>
        engine
            .AddFamily(new PrimitiveFamily())
            // offload: files, directories and datasets (exact Flyte.Core types, which no other family claims)
            .AddFamily(new Offloaded.OffloadedFamily())
            .AddFamily(new EnumFamily())
            .AddFamily(new OptionalFamily())
            .AddFamily(new UntypedJsonFactory())
            .AddFamily(new DictionaryFamily())
            .AddFamily(new CollectionFamily())
            .AddFamily(new VariantUnionFamily())
            .AddFamily(new ClosedRecordHierarchyFactory())
            .AddFamily(new RecordTransformerFactory())
            // offload: the opaque-object fallback (FlytePickle's twin) for every type nothing above handles
            .WithFallback(new Fallback.ObjectGraphFallback());
}
