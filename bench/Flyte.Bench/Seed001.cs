using System.Text.Json.Serialization;

namespace Flyte.Bench;

/// <summary>Seed 001's <c>InferenceRequest</c> dataclass.</summary>
public sealed record InferenceRequest(
    [property: JsonPropertyName("feature_a")] double FeatureA,
    [property: JsonPropertyName("feature_b")] double FeatureB);

/// <summary>Seed 001's <c>BatchRequest</c> dataclass.</summary>
public sealed record BatchRequest(
    [property: JsonPropertyName("requests")] IReadOnlyList<InferenceRequest> Requests,
    [property: JsonPropertyName("batch_id")] string BatchId = "default")
{
    /// <summary>A batch of <paramref name="count"/> requests with distinct, deterministic features.</summary>
    public static BatchRequest Sample(int count) =>
        new(Enumerable.Range(0, count).Select(i => new InferenceRequest(i * 0.5, i * 1.25 + 1)).ToList(), "bench_batch");
}
