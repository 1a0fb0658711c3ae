using System.CommandLine;
using Flyte.Compile;
using Flyte.Scripting;

namespace Flyte.Cli.Commands;

/// <summary>The arguments every compiling command shares (<c>package</c>, <c>register</c>): the file and where its entities go.</summary>
public sealed class CompileArguments
{
    /// <summary>The .dll or .fsx.</summary>
    public Argument<string> File { get; } = new("file") { Description = "The .dll or .fsx that defines the tasks and workflows." };

    /// <summary><c>--project</c>.</summary>
    public Option<string> Project { get; } = new("--project", "-p") { Description = "Flyte project.", DefaultValueFactory = _ => CompileOptions.Default.Project };

    /// <summary><c>--domain</c>.</summary>
    public Option<string> Domain { get; } = new("--domain", "-d") { Description = "Flyte domain.", DefaultValueFactory = _ => CompileOptions.Default.Domain };

    /// <summary><c>--version</c>.</summary>
    public Option<string?> Version { get; } = new("--version", "-v") { Description = "Version of every entity; default: a content hash per entity." };

    /// <summary><c>--image</c>.</summary>
    public Option<string> Image { get; } = new("--image") { Description = "Container image of the tasks.", DefaultValueFactory = _ => CompileOptions.Default.Image };

    /// <summary><c>--file-in-image</c>.</summary>
    public Option<string?> FileInImage { get; } = new("--file-in-image") { Description = "Path of the file inside the image; default: /app/<file name>." };

    /// <summary>Adds the arguments to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(File);
        foreach (var option in new Option[] { Project, Domain, Version, Image, FileInImage }) command.Add(option);
    }

    /// <summary>The file's entities.</summary>
    /// <exception cref="UsageException">The file is missing or does not compile.</exception>
    public LoadedEntities Load(ParseResult parse) => EntityFile.LoadAll(parse.GetValue(File)!);

    /// <summary>The compile options the command line asks for.</summary>
    public CompileOptions Options(ParseResult parse)
    {
        var location = parse.GetValue(FileInImage) ?? "/app/" + Path.GetFileName(parse.GetValue(File)!);
        return CompileOptions.Default with
        {
            Project = parse.GetValue(Project)!, Domain = parse.GetValue(Domain)!, Version = parse.GetValue(Version),
            Image = parse.GetValue(Image)!, TaskFile = _ => location,
        };
    }
}
