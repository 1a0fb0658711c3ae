using System.CommandLine;
using Flyte.Cli;
using Flyte.Cli.Commands;

// The `flyte` command. Each sub-command lives in its own file under Commands/ and is added here, one line each.
var root = new RootCommand("Flyte for .NET: run, inspect and ship typed Flyte tasks and workflows.")
{
    RunCommand.Create(),
    GraphCommand.Create(),
    PackageCommand.Create(),
    ExecuteCommand.Create(),
    FastExecuteCommand.Create(),
    RegisterCommand.Create(),
    CacheCommand.Create(),
    CheckCommand.Create(),
};
return await Cli.InvokeAsync(root, args);
