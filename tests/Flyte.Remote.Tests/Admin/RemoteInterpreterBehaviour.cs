using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tests.Execution;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Tests.Admin;

/// <summary>
/// The shared interpreter behaviour suite against <see cref="RemoteInterpreter"/>: every workflow is compiled,
/// registered with a loopback <see cref="FakeFlyteAdmin"/>, executed there (the fake plays propeller with the local
/// interpreter and the suite's options) and read back through the REST API.
/// </summary>
public sealed class RemoteInterpreterBehaviour : InterpreterBehaviour, IDisposable
{
    private readonly List<IDisposable> resources = [];

    /// <summary>FlyteAdmin records nodes, not the calls a task makes inside its container.</summary>
    protected override bool RecordsChildActions => false;

    protected override IWorkflowInterpreter CreateInterpreter(InterpreterOptions options)
    {
        var admin = new FakeFlyteAdmin(local: options);
        var client = new FlyteAdminClient(new AdminConfig { Endpoint = admin.Endpoint, Insecure = true });
        resources.Add(client);
        resources.Add(admin);
        var remote = new RemoteInterpreter(client, new RemoteOptions { Engine = options.Engine, PollInterval = TimeSpan.FromMilliseconds(1) });
        return new ServedRemote(admin, remote);
    }

    public void Dispose()
    {
        foreach (var resource in resources)
            resource.Dispose();
    }

    /// <summary>Hands the fake the workflow out of band (as a cluster would have its containers), then runs it remotely.</summary>
    private sealed class ServedRemote(FakeFlyteAdmin admin, RemoteInterpreter remote) : IWorkflowInterpreter
    {
        public TypeEngine Engine => remote.Engine;

        public Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken = default)
        {
            admin.Serve(workflow);
            return remote.RunAsync(workflow, inputs, cancellationToken);
        }
    }
}
