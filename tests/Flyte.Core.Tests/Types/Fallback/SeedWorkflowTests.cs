using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Tests.Types.Offloaded;
using Flyte.Types;
using Flyte.Workflows;
using Xunit;

namespace Flyte.Tests.Types.Fallback;

/// <summary>Seed 002 as written: a task returning People, called from a workflow run by the local interpreter.</summary>
public sealed class SeedWorkflowTests
{
    [Fact]
    public async Task Seed_002_welcome_runs_on_the_local_interpreter_through_the_fallback()
    {
        var warnings = new List<string>();
        var engine = TypeEngine.Default.WithOptions(new TypeEngineOptions { Warn = warnings.Add });
        var greet = FlyteTask.Define("greet", (string name) => new People(name), engine);
        var welcome = FlyteWorkflow.Define("welcome", engine).Input<string>("name").Then((b, name) => b.Call(greet, name)).Build();

        var people = await new LocalInterpreter(new InterpreterOptions { Engine = engine }).RunAsync<People>(welcome, new { name = "Foo" });

        Assert.Equal("Foo", people.Name);
        Assert.Contains(warnings, w => w.Contains(typeof(People).FullName!));
    }
}
