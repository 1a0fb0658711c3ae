using System.Reflection;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Tests.Types.Offloaded;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;
using Flyte.Workflows;
using Xunit;

namespace Flyte.Tests.Execution;

/// <summary>The local interpreter hands its offload context to every task, and tasks honour <c>[return: BatchSize]</c>.</summary>
public sealed class InterpreterOffloadTests
{
    [return: BatchSize(2)]
    private static People[] GreetAll(string[] names) => names.Select(n => new People(n)).ToArray();

    [Fact]
    public async Task A_return_BatchSize_batches_the_output_in_the_store_the_options_name()
    {
        var method = typeof(InterpreterOffloadTests).GetMethod(nameof(GreetAll), BindingFlags.NonPublic | BindingFlags.Static)!;
        var greetAll = FlyteTask<string[], People[]>.Create("greet_all", method.GetParameters(),
            (args, _) => Task.FromResult<object?>(GreetAll((string[])args[0]!)), resultAttributes: method.ReturnParameter);
        var wf = FlyteWorkflow.Define("welcome_all").Input<string[]>("names").Then((b, names) => b.Call(greetAll, names)).Build();
        var root = Path.Combine(Path.GetTempPath(), "flyte-interpreter-offload", Guid.NewGuid().ToString("N"));
        var interpreter = new LocalInterpreter(new InterpreterOptions { Offload = OffloadContext.Local(root), Cache = CacheMode.NoCache });

        var result = await interpreter.RunAsync(wf, new { names = new[] { "f", "o", "o" } });

        var blob = Assert.IsType<Blob>(result.Outputs.Literals["o0"].Value);
        Assert.Equal(BlobDimensionality.Multipart, blob.Metadata.Type.Dimensionality);
        Assert.Contains(root.Replace('\\', '/'), blob.Uri, StringComparison.Ordinal);
        Assert.Equal(2, (await FlyteDirectory.FromUri(blob.Uri, "", BlobStoreRouter.Local).ListAsync()).Count);
        var back = (People[])(await BatchedFallback.Wrap(typeof(People[]), 2)
            .ToValueAsync(result.Outputs.Literals["o0"], new Flyte.Types.TransformerContext(interpreter.Engine) { Services = interpreter.Services }))!;
        Assert.Equal(["f", "o", "o"], back.Select(p => p.Name));
    }
}
