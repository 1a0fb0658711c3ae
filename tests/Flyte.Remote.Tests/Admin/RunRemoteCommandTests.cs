using Flyte.Remote;
using Flyte.Tests.Workflows;
using Xunit;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;

namespace Flyte.Tests.Admin;

/// <summary><c>flyte run … --remote</c> as a real process, over gRPC (flytectl's <c>dns:///</c> endpoint), against the fake FlyteAdmin.</summary>
public sealed class RunRemoteCommandTests : IDisposable
{
    private static readonly string TestAssembly = typeof(RemoteSamples).Assembly.Location;
    private readonly FakeFlyteAdmin admin = new();
    private readonly string scriptCache = Directory.CreateTempSubdirectory("flyte-script-cache-").FullName;

    public void Dispose()
    {
        admin.Dispose();
        Directory.Delete(scriptCache, recursive: true);
        Assert.Empty(admin.Problems);
    }

    [Fact]
    public void Runs_a_task_on_the_cluster_and_prints_its_outputs()
    {
        admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Increment));

        var (exitCode, stdout, stderr) = FlyteCommand.Run(admin, AdminTransport.Grpc, scriptCache, "run", TestAssembly, "increment", "--remote", "--x", "41");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("o0 = 42", stdout);
        Assert.Contains("gRPC CreateExecution", admin.Requests);
        Assert.DoesNotContain(admin.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(Phase.Succeeded, admin.PhasesOf("f0001")[^1]);
    }

    [Fact]
    public async System.Threading.Tasks.Task Ctrl_c_terminates_the_execution_and_says_so()
    {
        admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Hang));
        using var command = FlyteCommand.Start(admin, AdminTransport.Grpc, scriptCache, "run", TestAssembly, "hang_forever", "--remote", "--x", "1");
        var started = DateTime.UtcNow;
        // Once the command has looked at its execution, it knows the id to terminate.
        while ((admin.ExecutionCount == 0 || admin.PhasesOf("f0001").Count == 0) && DateTime.UtcNow - started < TimeSpan.FromMinutes(2))
            await System.Threading.Tasks.Task.Delay(50);
        Assert.Equal(Phase.Queued, admin.PhasesOf("f0001")[0]);

        command.Interrupt();
        var (exitCode, _, stderr) = command.Wait();

        Assert.True(exitCode == 130, $"exit {exitCode}: {stderr}");
        Assert.Contains("execution flytesnacks/development/f0001 was terminated on FlyteAdmin", stderr);
        Assert.Equal("cancelled by flyte-dotnet", admin.Terminated["f0001"]);
    }
}
