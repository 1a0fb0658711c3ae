/// The suite as a console program: `dotnet run --project tests/Flyte.Cli.Tests -c Release -- [Expecto options]`.
module Flyte.Cli.Tests.Main

open Expecto

[<EntryPoint>]
let main argv = runTestsInAssemblyWithCLIArgs [] argv
