using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Flyte.Tests.Records;

// Seed 000: the Datum dataclass (x: int, y: str, z: Dict[int, str]); lower-case members are the Python names.
public sealed record Datum(int x, string y, Dictionary<int, string> z);

// Seed 001, C# style: PascalCase members, wire names from the engine's snake_case naming policy.
public sealed record InferenceRequest(double FeatureA, double FeatureB);

public sealed record BatchRequest(IReadOnlyList<InferenceRequest> Requests, string BatchId = "default");

// Seed 001's pydantic model, init-only with explicit wire names and a validation attribute.
public sealed record PredictionSummary
{
    [JsonPropertyName("predictions")] public required IReadOnlyList<double> Predictions { get; init; }
    [JsonPropertyName("average")] public required double Average { get; init; }
    [JsonPropertyName("count"), Range(0, int.MaxValue)] public required int Count { get; init; }
    [JsonPropertyName("batch_id")] public required string BatchId { get; init; }
}

// Seed 003: Coordinate(x: float, y: float, metadata: Dict[str, float]).
public sealed record Coordinate(double X, double Y, Dictionary<string, double> Metadata);
