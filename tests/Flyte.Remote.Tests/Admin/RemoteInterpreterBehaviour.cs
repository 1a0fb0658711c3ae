using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tests.Execution;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Tests.Admin;

/// <summary>The shared behaviour suite with the remote interpreter speaking gRPC to the fake.</summary>
public sealed class RemoteInterpreterGrpcBehaviour() : RemoteInterpreterBehaviour(AdminTransport.Grpc);

/// <summary>The shared behaviour suite with the remote interpreter speaking to the fake's REST gateway.</summary>
public sealed class RemoteInterpreterRestBehaviour() : RemoteInterpreterBehaviour(AdminTransport.Rest);

/// <summary>
/// The shared interpreter behaviour suite against <see cref="RemoteInterpreter"/>: every workflow is compiled,
/// registered with a loopback <see cref="FakeFlyteAdmin"/>, executed there (the fake plays propeller with the local
/// interpreter and the suite's options) and read back through the transport under test.
/// </summary>
public abstract class RemoteInterpreterBehaviour(AdminTransport transport) : InterpreterBehaviour, IDisposable
{
    private readonly List<IDisposable> resources = [];

    /// <summary>FlyteAdmin records nodes, not the calls a task makes inside its container.</summary>
    protected override bool RecordsChildActions => false;

    protected override IWorkflowInterpreter CreateInterpreter(InterpreterOptions options)
    {
        var admin = new FakeFlyteAdmin(local: options);
        var client = new FlyteAdminClient(admin.Config(transport));
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
