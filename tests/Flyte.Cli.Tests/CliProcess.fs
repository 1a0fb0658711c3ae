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

/// The compiled-script cache of this test run: a fresh temporary folder, not the user's (each process started by
/// `run` gets it through FLYTE_SCRIPT_CACHE; in-process loads use it too).
let scriptCache =
    let dir = Directory.CreateTempSubdirectory("flyte-script-cache-").FullName
    Environment.SetEnvironmentVariable(Flyte.Scripting.ScriptCache.FolderVariable, dir)
    dir

/// Runs `flyte args` to its end with `cache` as its compiled-script cache folder and the variables `environment`
/// added to this process's own.
let runIn (cache: string) (environment: (string * string) list) (args: string list) : Async<Outcome> = async {
    let info = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    info.ArgumentList.Add flyteDll
    for a in args do info.ArgumentList.Add a
    info.Environment[Flyte.Scripting.ScriptCache.FolderVariable] <- cache
    for k, v in environment do info.Environment[k] <- v
    use p = Process.Start info |> nonNull
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    // A guard against a hang, not a timing: a loaded machine may take minutes for a local-cluster run.
    if not (p.WaitForExit(TimeSpan.FromMinutes 5.0)) then p.Kill true; failwith "flyte did not finish in 5 minutes"
    return { ExitCode = p.ExitCode; Stdout = out.Result; Stderr = err.Result } }

/// Runs `flyte args` to its end with `cache` as its compiled-script cache folder.
let runWithCache (cache: string) (args: string list) : Async<Outcome> = runIn cache [] args

/// Runs `flyte args` with the variables `environment` added, and this test run's compiled-script cache.
let runWith (environment: (string * string) list) (args: string list) : Outcome =
    runIn scriptCache environment args |> Async.RunSynchronously

/// Runs `flyte args` to its end, with this test run's compiled-script cache.
let run (args: string list) : Outcome = runWith [] args
