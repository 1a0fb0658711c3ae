using System.ComponentModel.DataAnnotations;

namespace Flyte.Types.Records;

/// <summary>
/// The Pydantic part: DataAnnotations on record members (<c>[Required]</c>, <c>[Range]</c>, <c>[RegularExpression]</c>,
/// <c>[StringLength]</c>, …) and <see cref="IValidatableObject"/>, checked when a record is written and when it is read.
/// </summary>
internal static class RecordValidation
{
    /// <summary>Every failure as (member path, message); member paths use wire names.</summary>
    public static IEnumerable<(string Path, string Message)> Validate(RecordShape shape, object record)
    {
        var context = new ValidationContext(record);
        foreach (var field in shape.Fields)
        {
            if (field.Validators.Count == 0) continue;
            var value = field.Property.GetValue(record);
            context.MemberName = field.Property.Name;
            context.DisplayName = field.Name;
            foreach (var validator in field.Validators)
                if (validator.GetValidationResult(value, context) is { } failure && failure != ValidationResult.Success)
                    yield return (field.Name, failure.ErrorMessage ?? $"{validator.GetType().Name} failed");
        }
        if (record is IValidatableObject validatable)
        {
            context.MemberName = null;
            context.DisplayName = shape.Type.Name;
            foreach (var failure in validatable.Validate(context))
            {
                var member = failure.MemberNames.FirstOrDefault();
                var path = member is null ? "" : shape.Fields.FirstOrDefault(f => f.Property.Name == member)?.Name ?? member;
                yield return (path, failure.ErrorMessage ?? "validation failed");
            }
        }
    }

    /// <summary>Throws the first failure as a <see cref="TypeTransformerException"/> at the member's path.</summary>
    public static void ThrowIfInvalid(RecordShape shape, object record)
    {
        var failures = Validate(shape, record).ToList();
        if (failures.Count == 0) return;
        var (path, message) = failures[0];
        var detail = failures.Count == 1 ? null : "Also: " + string.Join("; ", failures.Skip(1).Select(f => $"{f.Path}: {f.Message}"));
        var error = new TypeTransformerException($"a valid {shape.Type.Name}", message, detail);
        throw path.Length == 0 ? error : error.AtPath(path);
    }
}
