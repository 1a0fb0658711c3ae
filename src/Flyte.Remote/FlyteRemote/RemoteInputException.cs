namespace Flyte.Remote;

/// <summary>
/// An input given to <see cref="FlyteRemote.ExecuteAsync"/> does not fit the fetched entity's interface: unknown, missing,
/// or of another Flyte type. Raised before anything is sent to FlyteAdmin.
/// </summary>
public sealed class RemoteInputException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    public RemoteInputException(string entity, string input, string? expectedType, string message, Exception? inner = null)
        : base($"{entity}: input '{input}' {message}", inner)
    {
        Entity = entity;
        Input = input;
        ExpectedType = expectedType;
    }

    /// <summary>The entity executed, e.g. <c>TASK flytesnacks/development/add_one@v1</c>.</summary>
    public string Entity { get; }

    /// <summary>The input's name.</summary>
    public string Input { get; }

    /// <summary>The Flyte type the input expects, printed (e.g. <c>INTEGER</c>); null for a name the entity does not have.</summary>
    public string? ExpectedType { get; }
}
