using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Flyte.Remote;

/// <summary>
/// Protobuf-JSON as FlyteAdmin's REST gateway speaks it: snake_case field names (the proto names), enums by name,
/// int64 as strings; unknown fields in answers are ignored, so a newer server does not break an older SDK.
/// </summary>
public static class AdminJson
{
    /// <summary>Every flyteidl message that can appear inside a <c>google.protobuf.Any</c> in admin messages.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(
        Flyteidl.Admin.CommonReflection.Descriptor, Flyteidl.Admin.ExecutionReflection.Descriptor,
        Flyteidl.Admin.NodeExecutionReflection.Descriptor, Flyteidl.Admin.TaskReflection.Descriptor,
        Flyteidl.Admin.WorkflowReflection.Descriptor, Flyteidl.Admin.LaunchPlanReflection.Descriptor,
        Flyteidl.Core.LiteralsReflection.Descriptor, Flyteidl.Core.TasksReflection.Descriptor,
        Flyteidl.Core.WorkflowReflection.Descriptor, Flyteidl.Core.ErrorsReflection.Descriptor,
        Flyteidl.Core.ExecutionReflection.Descriptor, Flyteidl.Core.DynamicJobReflection.Descriptor);

    /// <summary>Writes snake_case names, omitting defaults (the gateway accepts both).</summary>
    public static JsonFormatter Formatter { get; } =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithTypeRegistry(Registry));

    /// <summary>Reads snake_case or lowerCamel names and ignores unknown fields.</summary>
    public static JsonParser Parser { get; } =
        new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(Registry));

    /// <summary>Reads strictly: unknown fields are an error (what the test server uses on requests).</summary>
    public static JsonParser StrictParser { get; } = new(JsonParser.Settings.Default.WithTypeRegistry(Registry));

    /// <summary>The JSON of <paramref name="message"/>.</summary>
    public static string Format(IMessage message) => Formatter.Format(message);

    /// <summary>Parses <paramref name="json"/> as <typeparamref name="T"/>; an empty body is the default message.</summary>
    /// <exception cref="InvalidProtocolBufferException">The JSON is not a <typeparamref name="T"/>.</exception>
    public static T Parse<T>(string json) where T : IMessage<T>, new() =>
        string.IsNullOrWhiteSpace(json) ? new T() : Parser.Parse<T>(json);
}
