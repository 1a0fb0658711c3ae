using System.CommandLine;
using Flyte.Compile;
using Flyte.Scripting;
using Google.Protobuf;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte package &lt;file&gt; -o &lt;dir&gt;</c>: compiles every task and workflow of a .dll or .fsx to the protobuf files
/// <c>flytectl register files</c> takes (<c>NN_name_1.pb</c> tasks, <c>_2.pb</c> workflows, <c>_3.pb</c> launch plans).
/// </summary>
public static class Package
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .dll or .fsx that defines the tasks and workflows." };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the .pb files to.", Required = true };
        var project = new Option<string>("--project", "-p") { Description = "Flyte project.", DefaultValueFactory = _ => CompileOptions.Default.Project };
        var domain = new Option<string>("--domain", "-d") { Description = "Flyte domain.", DefaultValueFactory = _ => CompileOptions.Default.Domain };
        var version = new Option<string?>("--version", "-v") { Description = "Version of every entity; default: a content hash per entity." };
        var image = new Option<string>("--image") { Description = "Container image of the tasks.", DefaultValueFactory = _ => CompileOptions.Default.Image };
        var inImage = new Option<string?>("--file-in-image") { Description = "Path of the file inside the image; default: /app/<file name>." };
        var command = new Command("package", "Compile tasks, workflows and launch plans to flyteidl protobuf files.")
        {
            file, output, project, domain, version, image, inImage,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            LoadedEntities entities;
            try
            {
                entities = EntityLoader.load(path);
            }
            catch (EntityLoadException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 1;
            }
            var location = parse.GetValue(inImage) ?? "/app/" + Path.GetFileName(path);
            var options = CompileOptions.Default with
            {
                Project = parse.GetValue(project)!, Domain = parse.GetValue(domain)!, Version = parse.GetValue(version),
                Image = parse.GetValue(image)!, TaskFile = _ => location,
            };
            var tasks = entities.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => FlyteCompiler.CompileTask(t, options));
            var workflows = entities.Workflows.Values.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => FlyteCompiler.CompileWorkflow(w, options));
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            foreach (var (name, entity) in FlyteCompiler.PackageFiles(tasks.ToList(), workflows.ToList()))
            {
                await File.WriteAllBytesAsync(Path.Combine(dir, name), entity.ToByteArray(), cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(Path.Combine(dir, name)).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }
}
