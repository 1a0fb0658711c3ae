using System.CommandLine;
using Flyte.Cli.Commands;

// The `flyte` command. Sub-commands (run, graph, package, register, execute) are added as they land.
var root = new RootCommand("Flyte for .NET: run, inspect and ship typed Flyte tasks and workflows.")
{
    Execute.Create(),
    Package.Create(),
};
return await root.Parse(args).InvokeAsync();
