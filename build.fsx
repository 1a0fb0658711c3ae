// The build, as a plain `dotnet fsi` script: `dotnet fsi build.fsx <target> [args]`.
// Targets: restore, build, test, fuzz [--cases N] [--seed S], bench [--quick], pack, example. Each target runs what it depends on.
open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions

let root = __SOURCE_DIRECTORY__

/// Runs a process in the repository root, echoing its output; returns the output lines.
let run (file: string) (arguments: string) =
    printfn "> %s %s" file arguments
    let info = ProcessStartInfo(file, arguments, WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false)
    use proc = Process.Start info
    let lines = ResizeArray<string>()
    let mutable line = proc.StandardOutput.ReadLine()
    while not (isNull line) do
        printfn "%s" line
        lines.Add line
        line <- proc.StandardOutput.ReadLine()
    proc.WaitForExit()
    proc.ExitCode, List.ofSeq lines

let exec file arguments =
    match run file arguments with
    | 0, _ -> ()
    | code, _ -> failwithf "'%s %s' exited with %d" file arguments code

/// Debian's python3-msgpack for /usr/bin/python3, pinned: the independent msgpack of the Python golden tests
/// (tests/python). Skipped when it imports; installed with apt-get otherwise (the package lists refreshed only if needed).
let pythonMsgpackVersion = "1.0.3-2+b1"

let ensurePythonMsgpack () =
    let imports () =
        File.Exists "/usr/bin/python3" && fst (run "/usr/bin/python3" "-c \"import msgpack\"") = 0
    if not (imports ()) then
        let install () = fst (run "apt-get" $"install -y --no-install-recommends python3-msgpack={pythonMsgpackVersion}") = 0
        if not (install ()) then
            exec "apt-get" "update"
            if not (install ()) then
                failwithf "Could not install Debian's python3-msgpack=%s (needed by the Python golden tests); install it as root." pythonMsgpackVersion
        if not (imports ()) then failwith "python3-msgpack is installed but /usr/bin/python3 cannot import msgpack."

let restore () =
    ensurePythonMsgpack ()
    exec "dotnet" "tool restore"
    exec "dotnet" "paket restore"
    let installed (name: string) = File.Exists(Path.Combine(root, "node_modules", name, "package.json"))
    if not (List.forall installed [ "@flyteorg/flyteidl"; "@msgpack/msgpack"; "hyparquet"; "hyparquet-writer" ]) then
        exec "npm" "ci --no-audit --no-fund --loglevel=error"

let build configuration =
    restore ()
    exec "dotnet" $"build Flyte.sln -c {configuration} --nologo"

/// The Expecto suites: console programs whose project file says <IsTestProgram>true</IsTestProgram> (the F# suites).
let testPrograms () =
    Directory.GetFiles(Path.Combine(root, "tests"), "*.fsproj", SearchOption.AllDirectories)
    |> Array.filter (fun project -> File.ReadAllText(project).Contains "<IsTestProgram>true</IsTestProgram>")
    |> Array.sort
    |> List.ofArray

/// What one Expecto program did: its exit code, its output, and its counts (failed counts Expecto's errored tests too).
type ProgramRun = { ExitCode: int; Output: string list; Passed: int; Failed: int }

/// Runs one Expecto suite's Release build with its output kept (printed by the caller), its counts read from Expecto's
/// closing line ("EXPECTO! … – N passed, N ignored, N failed, N errored.").
let runTestProgram (project: string) =
    let name = Path.GetFileNameWithoutExtension project
    let dll = Path.Combine(Path.GetDirectoryName project, "bin", "Release", "net10.0", name + ".dll")
    let arguments = $"\"{dll}\" --colours 0 --no-spinner --fail-on-focused-tests"
    let info = ProcessStartInfo("dotnet", arguments, WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false)
    use proc = Process.Start info
    let output = proc.StandardOutput.ReadToEnd()
    proc.WaitForExit()
    let lines = $"> dotnet {arguments}" :: List.ofArray (output.Split '\n')
    let summary = lines |> List.tryPick (fun l -> let m = Regex.Match(l, @"(\d+) passed, (\d+) ignored, (\d+) failed, (\d+) errored") in if m.Success then Some m else None)
    match summary with
    | Some m ->
        let count (i: int) = int m.Groups[i].Value
        { ExitCode = proc.ExitCode; Output = lines; Passed = count 1; Failed = count 3 + count 4 }
    | None -> { ExitCode = max proc.ExitCode 1; Output = lines @ [ $"{name} printed no Expecto summary" ]; Passed = 0; Failed = 1 }

/// Runs every test project and ends with one summary line over all of them: the xunit ones through dotnet test and,
/// alongside it, the Expecto programs one after another (their output follows dotnet test's).
let test () =
    build "Release"
    let programs = System.Threading.Tasks.Task.Run(fun () -> testPrograms () |> List.map runTestProgram)
    let code, lines = run "dotnet" "test Flyte.sln -c Release --no-build --nologo"
    let counts name =
        lines
        |> List.sumBy (fun l -> let m = Regex.Match(l, name + @":\s+(\d+)") in if m.Success then int m.Groups[1].Value else 0)
    let programs = programs.Result
    for program in programs do
        program.Output |> List.iter (printfn "%s")
    let passed = counts "Passed" + List.sumBy _.Passed programs
    let failed = counts "Failed" + List.sumBy _.Failed programs
    let programsFailed = programs |> List.exists (fun p -> p.ExitCode <> 0)
    printfn ""
    printfn "%d passed, %d failed" passed failed
    if code <> 0 || programsFailed || failed > 0 || passed = 0 then exit 1

/// The decoder fuzz suite (tests/Flyte.Core.Tests/BadInput) with N cases per decoder (default 10⁶); prints the figures.
let fuzz (args: string list) =
    let rec option name = function
        | flag :: value :: _ when flag = name -> Some value
        | _ :: rest -> option name rest
        | [] -> None
    let cases = option "--cases" args |> Option.defaultValue "1000000"
    let seed = option "--seed" args |> Option.defaultValue "14"
    restore ()
    exec "dotnet" "build tests/Flyte.Core.Tests -c Release --nologo"
    let report = Path.Combine(Path.GetTempPath(), $"flyte-fuzz-{Guid.NewGuid():N}.txt")
    Environment.SetEnvironmentVariable("FLYTE_FUZZ_CASES", cases)
    Environment.SetEnvironmentVariable("FLYTE_FUZZ_SEED", seed)
    Environment.SetEnvironmentVariable("FLYTE_FUZZ_REPORT", report)
    let code, _ = run "dotnet" "test tests/Flyte.Core.Tests -c Release --no-build --nologo --filter FullyQualifiedName~BadInput.FuzzTests"
    printfn ""
    if File.Exists report then
        File.ReadAllLines report |> Array.sort |> Array.iter (printfn "%s")
        File.Delete report
    if code <> 0 then exit 1

let bench (args: string list) =
    restore ()
    exec "dotnet" ("run -c Release --project bench/Flyte.Bench -- " + String.Join(" ", args))

let pack () =
    build "Release"
    exec "dotnet" "pack Flyte.sln -c Release --no-build --nologo -o artifacts"

/// Seed 001's workflow end to end: process_batch calls predict_one concurrently, then summarize_results.
/// Seed 001 as its page runs it, with the `flyte` command: `flyte run <script> process_batch --batch '{…}'`.
/// (The Debug build also fills docs/examples/bin, which the example scripts reference under plain `dotnet fsi`.)
let example () =
    build "Debug"
    let batch = """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "test_batch"}"""
    let args = [ "src/Flyte.Cli/bin/Debug/net10.0/flyte.dll"; "run"; "docs/examples/dataclasses_and_structures.fsx"; "process_batch"; "--batch"; batch ]
    printfn "> flyte %s" (String.Join(" ", args.Tail))
    let info = ProcessStartInfo("dotnet", args, WorkingDirectory = root, UseShellExecute = false)
    use proc = Process.Start info
    proc.WaitForExit()
    if proc.ExitCode <> 0 then failwithf "flyte run exited with %d" proc.ExitCode

match fsi.CommandLineArgs |> List.ofArray |> List.tail with
| [] | [ "build" ] -> build "Debug"
| [ "restore" ] -> restore ()
| [ "test" ] -> test ()
| "fuzz" :: rest -> fuzz rest
| "bench" :: rest -> bench rest
| [ "pack" ] -> pack ()
| [ "example" ] -> example ()
| other ->
    eprintfn "unknown target %A; targets: restore, build, test, fuzz [--cases N] [--seed S], bench [--quick], pack, example" other
    exit 2
