namespace Flyte.Types.Enums;

/// <summary>
/// Gives the wire value of an enum member (flytekit carries an enum's <em>value</em>: use this when the Python peer's
/// member value differs from the .NET member name). <c>[EnumMember(Value = …)]</c> and
/// <c>[JsonStringEnumMemberName(…)]</c> are honoured the same way; this attribute wins over both.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class FlyteEnumValueAttribute(string value) : Attribute
{
    /// <summary>The string written on the wire for this member.</summary>
    public string Value { get; } = value;
}
