using Flyte.Remote;
using Xunit;

namespace Flyte.Tests.Admin;

/// <summary><c>flyte register</c> as a real process against the fake FlyteAdmin.</summary>
public sealed class RegisterCommandTests : FlyteCommandTests
{
    private (int ExitCode, string Stdout, string Stderr) Flyte(AdminTransport transport, params string[] args) =>
        FlyteCommand.Run(Admin, transport, ScriptCache, args);

    [Theory]
    [InlineData(AdminTransport.Grpc)]
    [InlineData(AdminTransport.Rest)]
    public void Registers_every_entity_is_idempotent_and_refuses_changed_content_under_a_version(AdminTransport transport)
    {
        var script = Path.Combine(FlyteCommand.Root, "tests", "Flyte.Cli.Tests", "Fixtures", "dataclass_example.fsx");
        string[] common = ["register", script, "--project", "flytesnacks", "--domain", "development", "--version", "v1"];

        var first = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v1"]);
        var again = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v1"]);
        var changed = Flyte(transport, [.. common, "--image", "localhost:30000/flows:v2"]);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Task flytesnacks/development/predict_one@v1: registered", first.Stdout);
        Assert.Contains("LaunchPlan flytesnacks/development/batch_wf@v1: registered", first.Stdout);
        Assert.Contains(Admin.Tasks.Keys, k => k == "flytesnacks/development/process_batch/v1");
        Assert.Contains("flytesnacks/development/batch_wf/v1", Admin.Workflows.Keys);
        Assert.Equal("localhost:30000/flows:v1", Admin.Tasks["flytesnacks/development/predict_one/v1"].Spec.Template.Container.Image);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.DoesNotContain(": registered", again.Stdout);
        Assert.Contains("already registered (identical)", again.Stdout);

        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("new version", changed.Stderr);
        Assert.Contains(transport == AdminTransport.Grpc ? "gRPC CreateTask" : "POST /api/v1/tasks", Admin.Requests);
    }
}
