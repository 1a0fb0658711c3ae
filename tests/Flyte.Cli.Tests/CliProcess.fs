/// Starts the real `flyte` process from the build output.
module Flyte.Cli.Tests.CliProcess

open System
open System.Diagnostics
open System.IO

let repoRoot =
    let rec up (dir: DirectoryInfo) =
        if File.Exists(Path.Combine(dir.FullName, "Flyte.sln")) then dir.FullName
        else up (nonNull dir.Parent)
    up (DirectoryInfo AppContext.BaseDirectory)

/// flyte.dll next to this test assembly (copied by the project reference), the CLI's own build output otherwise.
let flyteDll =
    let here = Path.Combine(AppContext.BaseDirectory, "flyte.dll")
    if File.Exists here then here
    else Path.Combine(repoRoot, "src", "Flyte.Cli", "bin", "Debug", "net10.0", "flyte.dll")

let fixture name = Path.Combine(repoRoot, "tests", "Flyte.Cli.Tests", "Fixtures", name)

type Outcome = { ExitCode: int; Stdout: string; Stderr: string }

/// Runs flyte with `args` and the variables `environment` added to this process's own.
let runWith (environment: (string * string) list) (args: string list) : Outcome =
    let info = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    info.ArgumentList.Add flyteDll
    for a in args do info.ArgumentList.Add a
    for k, v in environment do info.Environment[k] <- v
    use p = Process.Start info |> nonNull
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    // A guard against a hang, not a timing: a local-cluster run compiles its script once per task process.
    if not (p.WaitForExit(TimeSpan.FromMinutes 5.0)) then p.Kill true; failwith "flyte did not finish in 5 minutes"
    { ExitCode = p.ExitCode; Stdout = out.Result; Stderr = err.Result }

let run (args: string list) : Outcome = runWith [] args
