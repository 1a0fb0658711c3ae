// Prelude for `dotnet fsi`: only #r lines. `flyte run` skips a #load of a file with this name.
#r "../../../src/Flyte.Core/bin/Debug/net10.0/Flyte.Core.dll"
#r "../../../src/Flyte.FSharp/bin/Debug/net10.0/Flyte.FSharp.dll"
