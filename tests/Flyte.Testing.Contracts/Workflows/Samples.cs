using System.Text.Json;
using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Tests.Workflows;

public sealed record InferenceRequest(double FeatureA, double FeatureB);

public sealed record BatchRequest(IReadOnlyList<InferenceRequest> Requests, string BatchId);

public sealed record PredictionSummary(IReadOnlyList<double> Predictions, double Average, long Count, string BatchId);

/// <summary>The seed 001 tasks, shared by the tests.</summary>
public static class Samples
{
    public static TypeEngine Engine { get; } =
        TypeEngine.Default.WithOptions(TypeEngineOptions.Default with { NamingPolicy = JsonNamingPolicy.SnakeCaseLower });

    public static FlyteTask<InferenceRequest, double> PredictOne { get; } =
        FlyteTask.Define("predict_one", (InferenceRequest request) => 2 * request.FeatureA + 3 * request.FeatureB + 1.0, Engine);

    public static FlyteTask<BatchRequest, PredictionSummary> ProcessBatch { get; } =
        FlyteTask.Define("process_batch", async (BatchRequest batch) =>
        {
            var predictions = await Task.WhenAll(batch.Requests.Select(r => PredictOne.CallAsync(r)));
            return new PredictionSummary(predictions, predictions.DefaultIfEmpty().Average(), predictions.Length, batch.BatchId);
        }, Engine);

    public static FlyteTask<PredictionSummary, string> SummarizeResults { get; } =
        FlyteTask.Define("summarize_results", (PredictionSummary summary) =>
            $"Batch {summary.BatchId}: {summary.Count} predictions, average {summary.Average}", Engine);

    public static FlyteTask<double, string> Describe { get; } =
        FlyteTask.Define("describe", (double average) => $"average {average}", Engine);

    public static FlyteTask<long, long> AddOne { get; } = FlyteTask.Define("add_one", (long x) => x + 1, Engine);

    public static FlyteTask<long, long, long> Add { get; } = FlyteTask.Define("add", (long x, long y) => x + y, Engine);

    public static BatchRequest Batch { get; } = new([new(1, 2), new(3, 4)], "test_batch");
}
