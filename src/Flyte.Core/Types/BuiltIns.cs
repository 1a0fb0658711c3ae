namespace Flyte.Types;

/// <summary>The built-in transformer families of <see cref="TypeEngine.Default"/>, in lookup order.</summary>
public static class BuiltIns
{
    /// <summary>Adds every built-in family to <paramref name="engine"/>.</summary>
    public static TypeEngine AddTo(TypeEngine engine) => engine;
}
