// Prelude for `dotnet fsi`: only #r lines, to the assemblies docs/examples/ScriptHost gathers in any build. `flyte run` skips a #load of a file with this name.
#r "../../../docs/examples/bin/Flyte.Core.dll"
#r "../../../docs/examples/bin/Flyte.FSharp.dll"
