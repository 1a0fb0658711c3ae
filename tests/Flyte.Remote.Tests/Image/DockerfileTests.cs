using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Flyte.Compile;
using Flyte.Config;
using Flyte.Tests.Support;
using Xunit;

namespace Flyte.Tests.Image;

/// <summary>
/// The base image recipe (deploy/image/Dockerfile) without docker: what it names must be what the repository builds
/// (SDK version, framework, tool package and command), and its install step — the CLI packed as a dotnet tool into a
/// local feed and installed from there — must give a working <c>flyte</c>.
/// </summary>
public sealed class DockerfileTests : IDisposable
{
    private static readonly string Root = FlyteidlJs.RepositoryRoot;
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "image", "Dockerfile"));
    private static readonly XDocument Props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
    private static readonly XDocument Cli = XDocument.Load(Path.Combine(Root, "src", "Flyte.Cli", "Flyte.Cli.csproj"));
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-image-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Arg(string name) =>
        Regex.Match(Dockerfile, $@"^ARG {name}=(?<value>\S+)$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups["value"].Value
            : throw new Xunit.Sdk.XunitException($"deploy/image/Dockerfile has no 'ARG {name}=…' default");

    private static string Property(XDocument project, string name) => project.Descendants(name).Single().Value;

    [Fact]
    public void The_Dockerfile_names_the_version_framework_and_tool_the_repository_builds()
    {
        Assert.Equal(Property(Props, "Version"), Arg("FLYTE_VERSION"));
        Assert.Equal(Property(Props, "TargetFramework"), "net" + Arg("DOTNET_VERSION"));
        Assert.Equal(Property(Cli, "PackageId"), Arg("TOOL_PACKAGE"));
        Assert.Equal("true", Property(Cli, "PackAsTool"));
        Assert.Equal("flyte", Property(Cli, "ToolCommandName"));
        Assert.Contains("RUN flyte --version", Dockerfile);
        Assert.Contains("dotnet pack src/Flyte.Cli/Flyte.Cli.csproj", Dockerfile);
        Assert.True(File.Exists(Path.Combine(Root, "src", "Flyte.Cli", "Flyte.Cli.csproj")));
        Assert.Contains("org.opencontainers.image.ref.name=\"ghcr.io/flyte-dotnet/flyte:${FLYTE_VERSION}\"", Dockerfile);
        Assert.Equal("ghcr.io/flyte-dotnet/flyte:" + Arg("FLYTE_VERSION"), CompileOptions.DefaultImage);
    }

    [Fact]
    public void The_image_comes_from_FLYTE_IMAGE_then_the_config_files_images_default()
    {
        var file = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(file, "images:\n  default: localhost:30000/flyte-dotnet:dev\n");

        Assert.Equal("localhost:30000/flyte-dotnet:dev", FlyteConfig.Load(_ => null, file).Image);
        Assert.Equal("registry/other:1", FlyteConfig.Load(n => n == FlyteConfig.ImageVariable ? "registry/other:1" : null, file).Image);
        Assert.Null(FlyteConfig.Load(_ => null, null).Image);
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void The_tool_installs_from_a_local_feed_as_the_Dockerfile_does_and_runs()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var feed = Path.Combine(_dir, "feed");
        var tools = Path.Combine(_dir, "tools");

        var pack = Run("dotnet", "pack", Path.Combine(Root, "src", "Flyte.Cli", "Flyte.Cli.csproj"), "-c", configuration, "--no-build", "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var version = Arg("FLYTE_VERSION");
        Assert.True(File.Exists(Path.Combine(feed, $"{Arg("TOOL_PACKAGE")}.{version}.nupkg")), string.Join(", ", Directory.GetFiles(feed)));

        var install = Run("dotnet", "tool", "install", Arg("TOOL_PACKAGE"), "--version", version, "--tool-path", tools, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.Output);

        var flyte = Run(Path.Combine(tools, "flyte"), "--version");
        Assert.True(flyte.ExitCode == 0, flyte.Output);
        Assert.StartsWith(version, flyte.Output.Trim());
        var help = Run(Path.Combine(tools, "flyte"), "fast-execute", "--help");
        Assert.Contains("--additional-distribution", help.Output);
    }
}
