using System.CommandLine;

// The `flyte` command. Sub-commands (run, graph, package, register, execute) are added as they land.
var root = new RootCommand("Flyte for .NET: run, inspect and ship typed Flyte tasks and workflows.");
return root.Parse(args).Invoke();
