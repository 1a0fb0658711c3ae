using System.CommandLine;
using Flyte.Compile;
using Flyte.Config;
using Google.Protobuf;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte package &lt;file&gt; -o &lt;dir&gt;</c>: compiles every task, workflow and named launch plan of a .dll or .fsx to the protobuf files
/// <c>flytectl register files</c> takes (<c>NN_name_1.pb</c> tasks, <c>_2.pb</c> workflows, <c>_3.pb</c> launch plans).
/// With <c>--fast</c> the tasks run <c>flyte fast-execute --additional-distribution {{ .remote_package_path }} --dest-dir
/// {{ .dest_dir }} -- flyte execute …</c>, the templates flytectl replaces when it registers the files.
/// </summary>
public static class PackageCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var arguments = new CompileArguments();
        var output = new Option<string>("--output", "-o") { Description = "The folder to write the .pb files to.", Required = true };
        var command = new Command("package", "Compile tasks, workflows and launch plans to flyteidl protobuf files.") { output };
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var entities = arguments.Load(parse);
            // With --fast the tasks carry flytekit's templates, which `flytectl register files` fills in.
            var fast = parse.GetValue(arguments.Fast);
            var options = arguments.Options(parse, FlyteConfig.Load(), fast ? FastExecution.Templates : null,
                fast ? arguments.Bundle(parse).FileInBundle : null);
            var tasks = entities.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => FlyteCompiler.CompileTask(t, options));
            var workflows = entities.Workflows.Values.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => FlyteCompiler.CompileWorkflow(w, options));
            var launchPlans = entities.LaunchPlans.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => FlyteCompiler.CompileLaunchPlan(p, options));
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            foreach (var (name, entity) in FlyteCompiler.PackageFiles(tasks.ToList(), workflows.ToList(), launchPlans.ToList()))
            {
                await File.WriteAllBytesAsync(Path.Combine(dir, name), entity.ToByteArray(), cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(Path.Combine(dir, name)).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }
}
