/// The suite as a console program: `dotnet run --project tests/Flyte.FSharp.Tests -c Release -- [Expecto options]`.
module Flyte.FSharp.Tests.Main

open Expecto

[<EntryPoint>]
let main argv = runTestsInAssemblyWithCLIArgs [] argv
