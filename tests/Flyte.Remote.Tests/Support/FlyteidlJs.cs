using System.Diagnostics;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Xunit;

namespace Flyte.Tests.Support;

/// <summary>Drives tests/js/flyteidl-entities.js: the npm package's JavaScript classes decode our bytes and encode theirs.</summary>
public static class FlyteidlJs
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Flyte.sln not found above the test binaries.");
    }

    /// <summary>Decodes each (type, message) with the JavaScript classes; returns their plain objects.</summary>
    public static JsonArray Decode(params (string Type, IMessage Message)[] messages) =>
        Run(new JsonObject
        {
            ["decode"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject
            {
                ["type"] = m.Type, ["bytes"] = Convert.ToBase64String(m.Message.ToByteArray()),
            }).ToArray()),
        })["decoded"]!.AsArray();

    /// <summary>Decodes one message with the JavaScript classes, msgpack binaries also shown decoded as <c>$msgpack</c>.</summary>
    public static JsonNode DecodeWithMsgpack(string type, byte[] bytes) =>
        Run(new JsonObject
        {
            ["msgpack"] = true,
            ["decode"] = new JsonArray(new JsonObject { ["type"] = type, ["bytes"] = Convert.ToBase64String(bytes) }),
        })["decoded"]![0]!;

    /// <summary>Encodes a plain object (protobufjs field names; <c>{"$msgpack": v}</c> for msgpack bytes) with the JavaScript classes.</summary>
    public static byte[] Encode(string type, JsonNode @object) =>
        Convert.FromBase64String(Run(new JsonObject
        {
            ["encode"] = new JsonArray(new JsonObject { ["type"] = type, ["object"] = @object.DeepClone() }),
        })["encoded"]![0]!.GetValue<string>());

    private static JsonNode Run(JsonObject request)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "tests", "js", "flyteidl-entities.js"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {stderr.Result}");
        return JsonNode.Parse(stdout)!;
    }
}
