using Flyte.Types.Collections;
using Flyte.Types.Enums;
using Flyte.Types.Optionals;
using Flyte.Types.Primitives;
using Flyte.Types.Records;

namespace Flyte.Types;

/// <summary>The built-in transformer families of <see cref="TypeEngine.Default"/>, in lookup order.</summary>
public static class BuiltIns
{
    /// <summary>Adds every built-in family to <paramref name="engine"/>.</summary>
    public static TypeEngine AddTo(TypeEngine engine) => engine
        .AddFamily(new PrimitiveFamily())
        // offload: files, directories and datasets (exact types of Flyte.Core, so the order among families does not matter)
        .AddFamily(new Offloaded.OffloadedFamily())
        .AddFamily(new EnumFamily())
        .AddFamily(new OptionalFamily())
        // records: untyped JSON must come before any dictionary family (Dictionary<string, object?> is flytekit's untyped dict)
        .AddFamily(new UntypedJsonFactory())
        .AddFamily(new CollectionFamily())
        // records: last of the structural families, so every more specific family has had its chance
        .AddFamily(new RecordTransformerFactory())
        // offload: the opaque-object fallback, for every type nothing above handles
        .WithFallback(new Fallback.ObjectGraphFallback());
}
