namespace Flyte.Remote;

/// <summary>FlyteAdmin has no such task, workflow, launch plan or execution (<see cref="GrpcStatusCode.NOT_FOUND"/>).</summary>
public sealed class FlyteEntityNotFoundException : FlyteAdminException
{
    /// <summary>Creates the error for <paramref name="entity"/> (e.g. <c>TASK flytesnacks/development/add_one@v1</c>).</summary>
    public FlyteEntityNotFoundException(string entity, string operation, string serverMessage, Exception? inner = null)
        : base($"{entity} is not registered on FlyteAdmin ({operation}: {serverMessage}). Check the project, domain, name and version, " +
               "or register it first (flyte register).",
            GrpcStatusCode.NOT_FOUND, System.Net.HttpStatusCode.NotFound, operation, serverMessage, inner)
    {
        Entity = entity;
    }

    /// <summary>What was looked for, e.g. <c>TASK flytesnacks/development/add_one@v1</c> or <c>execution flytesnacks/development/f0001</c>.</summary>
    public string Entity { get; }
}
