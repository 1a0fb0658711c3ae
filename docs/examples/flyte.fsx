// The prelude every example loads: the Flyte assemblies, from the folder the ScriptHost project builds into
// (docs/examples/bin: the last build of either configuration; `dotnet build docs/examples/ScriptHost` makes it).
// Only #r/#I lines here: under `flyte run` this file is skipped and the command line supplies the same assemblies.
#I "bin"
#r "bin/Google.Protobuf.dll"
#r "bin/Flyte.Idl.dll"
#r "bin/Flyte.Core.dll"
#r "bin/Flyte.Execution.dll"
#r "bin/Flyte.FSharp.dll"
