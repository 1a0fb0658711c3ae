using System.Diagnostics;
using System.Text.Json.Nodes;
using Flyte.Tests.Pods;
using Flyte.Tests.Support;
using Xunit;

namespace Flyte.Tests.Compile;

/// <summary>
/// <c>flyte package</c> on the control-flow examples, each workflow file read back with the npm package's JavaScript
/// classes: the node kinds are those flytekit emits for the same Python workflows.
/// </summary>
public sealed class PackagedExamplesTests
{
    /// <summary>Runs <c>flyte package docs/examples/&lt;example&gt;</c> into a new temporary folder and returns the folder.</summary>
    internal static string PackageToFolder(string example)
    {
        var dir = Path.Combine(Path.GetTempPath(), "flyte-package-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { PodProcess.FlyteDll, "package", Path.Combine(FlyteidlJs.RepositoryRoot, "docs", "examples", example), "-o", dir })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("flyte package did not finish in 3 minutes");
        }
        Assert.True(process.ExitCode == 0, stderr.Result);
        return dir;
    }

    private static Dictionary<string, JsonNode> Package(string example)
    {
        var dir = PackageToFolder(example);
        try
        {
            var files = Directory.GetFiles(dir, "*_2.pb").Order(StringComparer.Ordinal).ToList();
            var decoded = FlyteidlJs.Decode(files.Select(f => ("flyteidl.admin.WorkflowSpec", (Google.Protobuf.IMessage)Flyteidl.Admin.WorkflowSpec.Parser.ParseFrom(File.ReadAllBytes(f)))).ToArray());
            return decoded.Select(d => d!["template"]!).ToDictionary(t => (string)t["id"]!["name"]!);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Conditions_package_to_branch_nodes_whose_cases_are_task_nodes_or_branches()
    {
        var workflows = Package("conditions.fsx");

        var multiplier = Assert.Single(workflows["multiplier"]["nodes"]!.AsArray())!;
        var ifElse = multiplier["branchNode"]!["ifElse"]!;
        Assert.Equal("double", (string)ifElse["case"]!["thenNode"]!["taskNode"]!["referenceId"]!["name"]!);
        Assert.Equal("square", (string)ifElse["elseNode"]!["taskNode"]!["referenceId"]!["name"]!);
        Assert.Equal(".my_input", (string)ifElse["case"]!["condition"]!["conjunction"]!["leftExpression"]!["comparison"]!["leftValue"]!["var"]!);

        var failing = workflows["multiplier_2"]["nodes"]![0]!["branchNode"]!["ifElse"]!;
        Assert.Equal("The input must be between 0 and 10", (string)failing["error"]!["message"]!);

        var nested = workflows["nested_conditions"]["nodes"]!.AsArray();
        Assert.Equal(["n0", "n1"], nested.Select(n => (string)n!["id"]!));
        Assert.NotNull(nested[0]!["branchNode"]!["ifElse"]!["case"]!["thenNode"]!["branchNode"]);
        Assert.Equal("n0", (string)nested[1]!["inputs"]![0]!["binding"]!["promise"]!["nodeId"]!);
    }

    [Fact]
    public void Map_task_packages_to_an_array_node_and_a_task_node_consuming_its_list()
    {
        var nodes = Package("map_task.fsx")["my_map_workflow"]["nodes"]!.AsArray();

        Assert.StartsWith("map_a_mappable_task_", (string)nodes[0]!["arrayNode"]!["node"]!["taskNode"]!["referenceId"]!["name"]!);
        Assert.Equal(("coalesce", "n0"), ((string)nodes[1]!["taskNode"]!["referenceId"]!["name"]!, (string)nodes[1]!["inputs"]![0]!["binding"]!["promise"]!["nodeId"]!));
    }
}
