namespace Flyte.Types.Records;

/// <summary>
/// Names a record member on the wire (the msgpack map key, the JSON schema property and the <c>dataclass_type</c> key).
/// Wins over <see cref="System.Text.Json.Serialization.JsonPropertyNameAttribute"/> and over the engine's naming policy.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = true)]
public sealed class FlyteFieldAttribute(string name) : Attribute
{
    /// <summary>The field name on the wire.</summary>
    public string Name { get; } = name;
}
