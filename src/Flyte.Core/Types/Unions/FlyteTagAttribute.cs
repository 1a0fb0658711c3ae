namespace Flyte.Types;

/// <summary>
/// Fixes the Flyte union tag of one case of a closed union (an F# union case, or a sealed record deriving from an
/// abstract record). Without it the tag is the case's declared name, so renaming the case in code would change the
/// tag on the wire; with it the case can be renamed freely and literals written earlier still read.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field,
    Inherited = false)]
public sealed class FlyteTagAttribute(string tag) : Attribute
{
    /// <summary>The tag written for this case.</summary>
    public string Tag { get; } = tag;

    /// <summary>Tags this case was written with before (read, never written), e.g. its old name after a re-tag.</summary>
    public string[] Aliases { get; init; } = [];
}
