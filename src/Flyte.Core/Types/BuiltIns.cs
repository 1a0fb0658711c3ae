using Flyte.Types.Records;

namespace Flyte.Types;

/// <summary>The built-in transformer families of <see cref="TypeEngine.Default"/>, in lookup order.</summary>
public static class BuiltIns
{
    /// <summary>Adds every built-in family to <paramref name="engine"/>.</summary>
    public static TypeEngine AddTo(TypeEngine engine) => engine
        // Untyped JSON must come before the dictionary family: Dictionary<string, object?> is flytekit's untyped dict.
        .AddFamily(new UntypedJsonFactory())
        // Records last: every more specific family has had its chance.
        .AddFamily(new RecordTransformerFactory());
}
