// Seed 001, "Dataclasses and structures", in C#: positional records with the seed's snake_case wire names, a task
// that calls another task concurrently (each call a child action), and the fluent workflow builder.
//
//   dotnet run --project docs/examples/CSharp
using System.Globalization;
using System.Text.Json;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;

// Field names follow a naming policy: FeatureA is feature_a on the wire, as in the Python dataclass.
var engine = TypeEngine.Default.WithOptions(TypeEngineOptions.Default with { NamingPolicy = JsonNamingPolicy.SnakeCaseLower });

// A dummy linear model: prediction = 2 * feature_a + 3 * feature_b + bias(=1.0)
var predictOne = FlyteTask.Define("predict_one",
    (InferenceRequest request) => 2.0 * request.FeatureA + 3.0 * request.FeatureB + 1.0, engine);

// Processes a batch of inference requests concurrently and returns summary statistics.
var processBatch = FlyteTask.Define("process_batch", async (BatchRequest batch) =>
{
    var predictions = await Task.WhenAll(batch.Requests.Select(r => predictOne.CallAsync(r)));
    var average = predictions.Length == 0 ? 0.0 : predictions.Average();
    return new PredictionSummary(predictions, average, predictions.Length, batch.BatchId);
}, engine);

// Creates a text summary from the prediction results.
var summarizeResults = FlyteTask.Define("summarize_results", (PredictionSummary summary) =>
    string.Create(CultureInfo.InvariantCulture,
        $"Batch {summary.BatchId}: Processed {summary.Count} predictions, average value: {summary.Average:F2}"), engine);

// The seed's two nested runs as one workflow: process_batch, then summarize_results on its output.
var wf = FlyteWorkflow.Define("batch_wf", engine)
    .Input<BatchRequest>("batch")
    .Then((b, batch) => b.Call(processBatch, batch))
    .Then((b, summary) => (summary, b.Call(summarizeResults, summary)))
    .Build();

var request = new BatchRequest(
    [new InferenceRequest(1.0, 2.0), new InferenceRequest(3.0, 4.0), new InferenceRequest(5.0, 6.0)],
    "demo_batch_001");

var interpreter = new LocalInterpreter(new InterpreterOptions { Engine = engine });
var result = await interpreter.RunAsync(wf, new { batch = request });
var (summary, text) = await result.OutputsAsync<(PredictionSummary, string)>(interpreter);
var children = result.Node("n0").Children;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Predictions: {string.Join(", ", summary.Predictions)}"));
Console.WriteLine($"process_batch ran {children.Count} child actions: {string.Join(", ", children.Select(c => c.TaskName))}");
Console.WriteLine(text);

/// <summary>One request: the seed's dataclass InferenceRequest.</summary>
/// <param name="FeatureA">feature_a</param>
/// <param name="FeatureB">feature_b</param>
public sealed record InferenceRequest(double FeatureA, double FeatureB);

/// <summary>A batch of requests: the seed's dataclass BatchRequest.</summary>
/// <param name="Requests">requests</param>
/// <param name="BatchId">batch_id</param>
public sealed record BatchRequest(IReadOnlyList<InferenceRequest> Requests, string BatchId = "default");

/// <summary>The seed's Pydantic model PredictionSummary.</summary>
/// <param name="Predictions">predictions</param>
/// <param name="Average">average</param>
/// <param name="Count">count</param>
/// <param name="BatchId">batch_id</param>
public sealed record PredictionSummary(IReadOnlyList<double> Predictions, double Average, int Count, string BatchId);
