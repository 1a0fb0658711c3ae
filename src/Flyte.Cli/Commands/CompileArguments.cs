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
    public Option<string?> Image { get; } = new("--image")
    {
        Description = $"Container image of the tasks; default: ${Flyte.Config.FlyteConfig.ImageVariable}, else images.default of the config file, else {CompileOptions.DefaultImage}.",
    };

    /// <summary><c>--fast</c>.</summary>
    public Option<bool> Fast { get; } = new("--fast")
    {
        Description = "Fast registration: ship the code as a bundle that 'flyte fast-execute' fetches in the pod, so the image needs only the flyte tool.",
    };

    /// <summary><c>--file-in-image</c>.</summary>
    public Option<string?> FileInImage { get; } = new("--file-in-image") { Description = "Path of the file inside the image; default: /app/<file name>." };

    /// <summary>Adds the arguments to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(File);
        foreach (var option in new Option[] { Project, Domain, Version, Image, FileInImage, Fast }) command.Add(option);
    }

    /// <summary>The file's entities.</summary>
    /// <exception cref="UsageException">The file is missing or does not compile.</exception>
    public LoadedEntities Load(ParseResult parse) => EntityFile.LoadAll(parse.GetValue(File)!);

    /// <summary>
    /// The compile options the command line asks for, the image from <c>--image</c>, else <paramref name="config"/>,
    /// else <see cref="CompileOptions.DefaultImage"/>. With <paramref name="fast"/> the tasks run <c>fast-execute</c>
    /// and load <paramref name="fileInBundle"/>; else the file inside the image.
    /// </summary>
    public CompileOptions Options(ParseResult parse, Flyte.Config.FlyteConfig config, FastExecution? fast = null, string? fileInBundle = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var location = fast is null
            ? parse.GetValue(FileInImage) ?? "/app/" + Path.GetFileName(parse.GetValue(File)!)
            : fileInBundle ?? Path.GetFileName(parse.GetValue(File)!);
        return CompileOptions.Default with
        {
            Project = parse.GetValue(Project)!, Domain = parse.GetValue(Domain)!, Version = parse.GetValue(Version),
            Image = parse.GetValue(Image) ?? config.Image ?? CompileOptions.DefaultImage, TaskFile = _ => location, Fast = fast,
        };
    }

    /// <summary>
    /// The code bundle of the file and the file's path inside it: a .dll's whole folder, or an .fsx with every file it
    /// <c>#load</c>s and <c>#r</c>s (under the folder that holds them all).
    /// </summary>
    public (Flyte.Remote.CodeBundle Bundle, string FileInBundle) Bundle(ParseResult parse)
    {
        var file = Path.GetFullPath(parse.GetValue(File)!);
        if (!System.IO.File.Exists(file))
            throw new UsageException($"{file} does not exist.");
        if (!file.EndsWith(".fsx", StringComparison.OrdinalIgnoreCase))
            return (Flyte.Remote.CodeBundle.OfFolder(Path.GetDirectoryName(file)!), Path.GetFileName(file));
        var files = ScriptInputs.localFiles(file).ToList();
        var root = files.Select(f => Path.GetDirectoryName(f)!).Aggregate(CommonFolder);
        return (Flyte.Remote.CodeBundle.OfFiles(root, files), Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'));
    }

    private static string CommonFolder(string a, string b)
    {
        while (!(b + Path.DirectorySeparatorChar).StartsWith(a.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            a = Path.GetDirectoryName(a) ?? throw new UsageException($"{a} and {b} share no folder to bundle them under.");
        return a;
    }
}
