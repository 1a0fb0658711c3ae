using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Flyte.Types.Records;

namespace Flyte.Tests.Records;

public enum Color { Red, Green, Blue }

public enum Status
{
    [JsonStringEnumMemberName("in-progress")] InProgress,
    [JsonStringEnumMemberName("done")] Done,
}

/// <summary>Positional record.</summary>
public sealed record Point(int X, double Y);

/// <summary>Init-only record with optionals and a list.</summary>
public sealed record Settings
{
    public string Name { get; init; } = "";
    public int? Retries { get; init; }
    public string? Comment { get; init; }
    public List<string> Tags { get; init; } = [];
}

/// <summary>Inherited records: base-class fields come first on the wire.</summary>
public record Animal(string Name);

public sealed record Dog(string Name, int Age, Color Color) : Animal(Name);

/// <summary>A class with public settable properties and a parameterless constructor.</summary>
public sealed class Mutable
{
    public int A { get; set; }
    public string? B { get; set; }
    public DateTime When { get; set; }
}

/// <summary>A class whose constructor parameters match its get-only properties.</summary>
public sealed class Account
{
    public Account(long id, string label, decimal balance)
    {
        Id = id;
        Label = label;
        Balance = balance;
    }

    public long Id { get; }
    public string Label { get; }
    public decimal Balance { get; }
    public string Display => $"{Id}:{Label}";   // computed, not a field
}

/// <summary>Nested records with lists, dictionaries, optionals, enums and every scalar mashumaro knows.</summary>
public sealed record Everything(
    Point Origin,
    IReadOnlyList<Point> Path,
    Dictionary<string, int> Counts,
    Dictionary<int, string> Names,
    Point? Maybe,
    long? Big,
    Status Status,
    byte[] Raw,
    TimeSpan Took,
    DateTimeOffset At,
    DateOnly Day,
    Guid Id,
    [property: FlyteField("renamed")] string Original,
    List<List<double>> Grid);

/// <summary>Validated like a pydantic model.</summary>
public sealed record Validated(
    [property: Required, StringLength(8, MinimumLength = 2)] string Code,
    [property: Range(1, 10)] int Level,
    [property: RegularExpression("^[a-z]+$")] string Slug) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Code == "forbidden") yield return new ValidationResult("this code is reserved", [nameof(Code)]);
    }
}

/// <summary>A recursive record: a tree.</summary>
public sealed record Node(string Label, List<Node> Children);

/// <summary>A record with a DateTime, for the isoformat golden vector.</summary>
public sealed record Event(DateTime At, TimeSpan Took, double Ratio);

/// <summary>The twin of a Python dataclass with every scalar mashumaro formats, optionals, dicts and defaults (schema golden test).</summary>
public sealed record SchemaShapes(
    long Count,
    double Ratio,
    DateTime At,
    TimeSpan Took,
    Guid Id,
    decimal Price,
    long? Retries,
    string? Note,
    List<string> Tags,
    Dictionary<int, string> Labels,
    Dictionary<string, double> Scores,
    Color Color,
    Color? Maybe,
    int Attempts = 3,
    string Mode = "fast");
