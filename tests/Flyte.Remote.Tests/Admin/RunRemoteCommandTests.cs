using Flyte.Remote;
using Flyte.Tests.Workflows;
using Xunit;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;

namespace Flyte.Tests.Admin;

/// <summary><c>flyte run … --remote</c> as a real process, over gRPC (flytectl's <c>dns:///</c> endpoint), against the fake FlyteAdmin.</summary>
public sealed class RunRemoteCommandTests : FlyteCommandTests
{
    private static readonly string TestAssembly = typeof(RemoteSamples).Assembly.Location;

    [Fact]
    public void Runs_a_task_on_the_cluster_and_prints_its_outputs()
    {
        Admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Increment));

        var (exitCode, stdout, stderr) = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "run", TestAssembly, "increment", "--remote", "--x", "41");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("o0 = 42", stdout);
        Assert.Contains("gRPC CreateExecution", Admin.Requests);
        Assert.DoesNotContain(Admin.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(Phase.Succeeded, Admin.PhasesOf("f0001")[^1]);
    }

    [Fact]
    public async System.Threading.Tasks.Task Ctrl_c_terminates_the_execution_and_says_so()
    {
        Admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Hang));
        using var command = FlyteCommand.Start(Admin, AdminTransport.Grpc, ScriptCache, "run", TestAssembly, "hang_forever", "--remote", "--x", "1");
        var started = DateTime.UtcNow;
        // Once the command has looked at its execution, it knows the id to terminate.
        while ((Admin.ExecutionCount == 0 || Admin.PhasesOf("f0001").Count == 0) && DateTime.UtcNow - started < TimeSpan.FromMinutes(2))
            await System.Threading.Tasks.Task.Delay(50);
        Assert.Equal(Phase.Queued, Admin.PhasesOf("f0001")[0]);

        command.Interrupt();
        var (exitCode, _, stderr) = command.Wait();

        Assert.True(exitCode == 130, $"exit {exitCode}: {stderr}");
        Assert.Contains("execution flytesnacks/development/f0001 was terminated on FlyteAdmin", stderr);
        Assert.Equal("cancelled by flyte-dotnet", Admin.Terminated["f0001"]);
    }
}
