using System.Collections.Concurrent;
using Flyte.Tasks;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

public class TaskTests
{
    private static readonly LiteralType Int = LiteralType.Of(SimpleType.Integer);
    private static readonly LiteralType Str = LiteralType.Of(SimpleType.String);

    [Fact]
    public void Inputs_are_named_after_the_parameters_and_outputs_are_o0_o1()
    {
        var task = FlyteTask.Define("split", (long count, string label) => (count * 2, label + "!"), Engine);

        Assert.Equal(new TypedInterface(new([new("count", Int), new("label", Str)]), new([new("o0", Int), new("o1", Str)])),
            task.Spec.Interface);
    }

    [Fact]
    public void Async_bodies_declare_the_awaited_type_and_a_cancellation_token_is_not_an_input()
    {
        var viaTask = FlyteTask.Define("t", async (long x) => { await Task.Yield(); return x.ToString(); }, Engine);
        var viaValueTask = FlyteTask.Define("t", (long x) => ValueTask.FromResult(x.ToString()), Engine);
        var withToken = FlyteTask.Define("t", (long x, CancellationToken ct) => Task.FromResult(x.ToString()), Engine);

        var expected = new TypedInterface(new([new("x", Int)]), new([new("o0", Str)]));
        Assert.Equal(expected, viaTask.Spec.Interface);
        Assert.Equal(expected, viaValueTask.Spec.Interface);
        Assert.Equal(expected, withToken.Spec.Interface);
        Assert.Equal(viaTask.Spec, withToken.Spec);
    }

    [Fact]
    public async Task A_call_outside_any_workflow_still_crosses_the_literal_boundary()
    {
        var summary = await ProcessBatch.CallAsync(Batch);

        Assert.Equal([9.0, 19.0], summary.Predictions);
        Assert.Equal(14.0, summary.Average);
        Assert.Equal("test_batch", summary.BatchId);
    }

    [Fact]
    public async Task A_body_without_result_has_no_outputs()
    {
        var seen = new ConcurrentBag<long>();
        var task = FlyteTask.Define("record", (long x) => seen.Add(x), Engine);

        Assert.Empty(task.Spec.Interface.Outputs);
        Assert.Equal(new NoOutputs(), await task.CallAsync(7));
        Assert.Equal([7L], seen);
    }

    [Fact]
    public async Task Middleware_runs_first_added_outermost_and_sees_inputs_and_outputs()
    {
        var log = new List<string>();
        ITaskMiddleware Named(string name) => TaskMiddleware.Around(
            inv => log.Add($"{name} before {inv.Inputs.Literals["x"]}"),
            (_, outputs) => log.Add($"{name} after {outputs.Literals["o0"]}"));
        var task = FlyteTask.Define("add_one", (long x) => { log.Add("body"); return x + 1; }, Engine)
            .WithMiddleware(Named("outer"), Named("middle"))
            .WithMiddleware(Named("inner"));

        Assert.Equal(42, await task.CallAsync(41));
        Assert.Equal(["outer before 41", "middle before 41", "inner before 41", "body", "inner after 42", "middle after 42", "outer after 42"], log);
    }

    [Fact]
    public async Task Middleware_can_replace_the_outputs()
    {
        var task = AddOne.WithMiddleware(TaskMiddleware.Create(async (inv, next) =>
        {
            var outputs = await next(inv);
            return new LiteralMap(outputs.Literals.SetItem("o0", new Literal(new Primitive.Integer(-1))));
        }));

        Assert.Equal(-1, await task.CallAsync(1));
    }

    [Fact]
    public void Specs_compare_by_name_interface_and_metadata_not_by_body()
    {
        var a = FlyteTask.Define("add_one", (long x) => x + 1, Engine);
        var b = FlyteTask.Define("add_one", (long y) => y + 2, Engine).WithSpec(s => s.WithName("add_one"));
        var c = FlyteTask.Define("add_one", (long x) => x + 2, Engine);

        Assert.NotEqual(a.Spec, b.Spec);                            // input names differ
        Assert.Equal(a.Spec, c.Spec);
        Assert.NotEqual(a.Spec, c.WithRetries(3).Spec);
        Assert.Equal("process_batch", a.Named("process_batch").Spec.Name);
        Assert.Equal(CacheSettings.On("1.0", "x"), a.WithCache("1.0", "x").Spec.Metadata.Cache);
    }

    [Fact]
    public void A_type_without_transformer_is_rejected_when_the_task_is_defined()
    {
        var error = Assert.Throws<ArgumentException>(() => FlyteTask.Define("t", (Stream s) => 1L, Engine));
        Assert.Contains("input 's'", error.Message);
    }
}
