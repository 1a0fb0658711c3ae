module Flyte.Cli.Tests.RunTests

open System.IO
open System.Text.Json
open Expecto
open Xunit
open Flyte.Cli.Tests.CliProcess

let script = fixture "dataclass_example.fsx"

// Seed 001's two commands, as written apart from the file name.
let batch = """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "test_batch"}"""
let summary = """{"predictions": [8.0, 18.0], "average": 13.0, "count": 2, "batch_id": "test_batch"}"""

let json (text: string) = JsonDocument.Parse(text).RootElement

/// One test at a time within this list, other lists alongside (as xunit ran a module's tests): they start flyte
/// processes and share this run's script cache.
[<Tests>]
let tests =
    testSequencedGroup "Run" <| testList "Run" [
        testCase "seed 001 process_batch prints the summary" <| fun () ->
            let r = run [ "run"; script; "process_batch"; "--batch"; batch ]
            Assert.True((r.ExitCode = 0), r.Stderr)
            let line = r.Stdout.Trim()
            Assert.StartsWith("o0 = ", line)
            let o = json (line.Substring 5)
            // The seed's model: 2 a + 3 b + 1 (its bias), so 9 and 19.
            Assert.Equal<float list>([ 9.0; 19.0 ], [ for p in o.GetProperty("predictions").EnumerateArray() -> p.GetDouble() ])
            Assert.Equal(14.0, o.GetProperty("average").GetDouble())
            Assert.Equal(2, o.GetProperty("count").GetInt32())
            Assert.Equal("test_batch", o.GetProperty("batch_id").GetString())
            Assert.Contains("n0-c1 predict_one succeeded", r.Stderr)    // redirected: plain progress lines on stderr

        testCase "--local-cluster runs the task as its own flyte execute process with the same outputs" <| fun () ->
            let r = run [ "run"; script; "process_batch"; "--batch"; batch; "--local-cluster"; "--json" ]
            Assert.True((r.ExitCode = 0), r.Stderr)
            let o = (json r.Stdout).GetProperty("o0")
            Assert.Equal<float list>([ 9.0; 19.0 ], [ for p in o.GetProperty("predictions").EnumerateArray() -> p.GetDouble() ])
            Assert.Equal("test_batch", o.GetProperty("batch_id").GetString())

        testCase "seed 001 summarize_results prints the text and --json holds only one object" <| fun () ->
            let plain = run [ "run"; script; "summarize_results"; "--summary"; summary ]
            Assert.True((plain.ExitCode = 0), plain.Stderr)
            Assert.Contains("Batch test_batch: Processed 2 predictions, average value: 13.00", plain.Stdout)
            let r = run [ "run"; script; "summarize_results"; "--summary"; summary; "--json" ]
            Assert.Equal(0, r.ExitCode)
            Assert.Equal("Batch test_batch: Processed 2 predictions, average value: 13.00", (json r.Stdout).GetProperty("o0").GetString())

        testCase "a workflow runs with inputs from a json file given as the value" <| fun () ->
            let file = Path.Combine(Path.GetTempPath(), $"batch-{System.Guid.NewGuid():N}.json")
            File.WriteAllText(file, batch)
            let r = run [ "run"; script; "batch_wf"; "--batch"; file; "--json" ]
            File.Delete file
            Assert.True((r.ExitCode = 0), r.Stderr)
            Assert.Equal("Batch test_batch: Processed 2 predictions, average value: 14.00", (json r.Stdout).GetProperty("o0").GetString())

        testCase "inputs come from a yaml inputs file and bad yaml is rejected clearly" <| fun () ->
            let file = Path.Combine(Path.GetTempPath(), $"inputs-{System.Guid.NewGuid():N}.yaml")
            File.WriteAllText(file, "# seed 001\nbatch: " + batch + "\n")
            let ok = run [ "run"; script; "process_batch"; "--inputs-file"; file; "--json" ]
            Assert.True((ok.ExitCode = 0), ok.Stderr)
            Assert.Equal(14.0, (json ok.Stdout).GetProperty("o0").GetProperty("average").GetDouble())
            // Full YAML: the same batch as a nested block mapping with a block sequence, a comment and a quoted string.
            File.WriteAllText(file, "batch:\n  requests:\n    - {feature_a: 1, feature_b: 2}\n    - feature_a: 3\n      feature_b: 4 # two\n  batch_id: 'test_batch'\n")
            let block = run [ "run"; script; "process_batch"; "--inputs-file"; file; "--json" ]
            Assert.True((block.ExitCode = 0), block.Stderr)
            Assert.Equal(14.0, (json block.Stdout).GetProperty("o0").GetProperty("average").GetDouble())
            File.WriteAllText(file, "# seed 001\nbatch:\n  requests: [1, 2\n  batch_id: x\n")
            let bad = run [ "run"; script; "process_batch"; "--inputs-file"; file ]
            File.Delete file
            Assert.Equal(2, bad.ExitCode)
            Assert.Contains("Cannot read the inputs file", bad.Stderr)
            Assert.Contains("line 3", bad.Stderr) // the unclosed flow sequence

        testCase "bad input lists every mismatching field with its path and exits 2" <| fun () ->
            let wrong = """{"requests": [{"feature_a": "one", "feature_b": 2}, {"feature_a": 3}], "batch_id": 7}"""
            let r = run [ "run"; script; "process_batch"; "--batch"; wrong ]
            Assert.Equal(2, r.ExitCode)
            Assert.Contains("--batch.requests[0].feature_a", r.Stderr)
            Assert.Contains("--batch.requests[1].feature_b", r.Stderr)
            Assert.Contains("--batch.batch_id", r.Stderr)
            Assert.Equal("", r.Stdout)

        testCase "unknown and missing inputs are both reported" <| fun () ->
            let r = run [ "run"; script; "process_batch"; "--bach"; "{}" ]
            Assert.Equal(2, r.ExitCode)
            Assert.Contains("--bach: no such input (inputs: --batch)", r.Stderr)
            Assert.Contains("--batch: missing", r.Stderr)

        testCase "an unknown entity lists the available names" <| fun () ->
            let r = run [ "run"; script; "nope" ]
            Assert.Equal(2, r.ExitCode)
            Assert.Contains("Available: batch_wf, fail_always, predict_one, process_batch, summarize_results", r.Stderr)

        testCase "a failing task exits 1 with its message" <| fun () ->
            let r = run [ "run"; script; "fail_always"; "--x"; "3" ]
            Assert.Equal(1, r.ExitCode)
            Assert.Contains("refusing 3", r.Stderr)

        testCase "a missing file and a script that does not compile exit 2 with the reason" <| fun () ->
            let missing = run [ "run"; "no/such/file.fsx"; "x" ]
            Assert.Equal(2, missing.ExitCode)
            Assert.Contains("No such file", missing.Stderr)
            let broken = Path.Combine(Path.GetTempPath(), $"broken{System.Guid.NewGuid():N}.fsx")
            File.WriteAllText(broken, "let x : int = \"text\"\n")
            let r = run [ "run"; broken; "x" ]
            File.Delete broken
            Assert.Equal(2, r.ExitCode)
            Assert.Contains("error FS0001", r.Stderr)
            Assert.Contains(broken + "(1,", r.Stderr)

        testCase "a mistyped comparison and a map over a non-list are compile errors at their place" <| fun () ->
            let mistyped = fixture "mistyped_control_flow.fsx"
            let r = run [ "graph"; mistyped; "compared" ]
            Assert.Equal(2, r.ExitCode)
            // `x .>= "0.1"` on a float promise, and `MapTask.over squareT x` on a promise of a float, not of a list.
            Assert.Contains(mistyped + "(14,37): error FS0001: This expression was expected to have type\n    'float'", r.Stderr.Replace("\r", ""))
            Assert.Contains(mistyped + "(22,45): error FS0001: Type mismatch. Expecting a\n    'Flyte.Workflows.Promise<float list>'", r.Stderr.Replace("\r", ""))

        testCase "graph prints mermaid and dot" <| fun () ->
            let m = run [ "graph"; script; "batch_wf" ]
            Assert.Equal(0, m.ExitCode)
            Assert.Contains("process_batch", m.Stdout)
            Assert.StartsWith("flowchart", m.Stdout.TrimStart())
            let d = run [ "graph"; script; "batch_wf"; "--format"; "dot" ]
            Assert.Equal(0, d.ExitCode)
            Assert.StartsWith("digraph", d.Stdout.TrimStart())
            Assert.Contains("summarize_results", d.Stdout)

        testCase "help shows an example for every command and bad usage exits 2" <| fun () ->
            for command in [ "run"; "graph" ] do
                let r = run [ command; "--help" ]
                Assert.Equal(0, r.ExitCode)
                Assert.Contains("Example", r.Stdout)
                Assert.Contains($"flyte {command} ", r.Stdout)
            let bad = run [ "graph"; script; "batch_wf"; "--format"; "png" ]
            Assert.Equal(2, bad.ExitCode)

        testCase "run works on a built assembly" <| fun () ->
            let dll = Path.Combine(System.AppContext.BaseDirectory, "Flyte.Cli.Tests.dll")
            let r = run [ "run"; dll; "double_wf"; "--x"; "21"; "--json" ]
            Assert.True((r.ExitCode = 0), r.Stderr)
            Assert.Equal(42, (json r.Stdout).GetProperty("o0").GetInt32())

        testCase "the seed 001 example runs under flyte run without its __main__ part" <| fun () ->
            let example = Path.Combine(repoRoot, "docs", "examples", "dataclasses_and_structures.fsx")
            let r = run [ "run"; example; "process_batch"; "--batch"; batch; "--json" ]
            Assert.True((r.ExitCode = 0), r.Stderr)
            let o = (json r.Stdout).GetProperty("o0")
            Assert.Equal(14.0, o.GetProperty("average").GetDouble())
            // Script.IsMain is false while flyte loads the script, so the demo batch never ran.
            Assert.DoesNotContain("demo_batch_001", r.Stdout + r.Stderr)

        testCase "flyte package writes flytectl's numbered files and each decodes with the flyteidl classes" <| fun () ->
            let dir = Path.Combine(Path.GetTempPath(), "flyte-package-" + System.Guid.NewGuid().ToString("N"))
            let r = run [ "package"; script; "-o"; dir ]
            Assert.True((r.ExitCode = 0), r.Stderr)
            let files = Directory.GetFiles dir |> Array.map (fun f -> nonNull (Path.GetFileName f)) |> Array.sort
            Assert.Contains("process_batch_1.pb", files |> Array.map (fun f -> f.Substring 3))
            for file in files do
                let bytes = File.ReadAllBytes(Path.Combine(dir, file))
                let name =
                    if file.EndsWith "_1.pb" then (Flyteidl.Admin.TaskSpec.Parser.ParseFrom bytes).Template.Id.Name
                    elif file.EndsWith "_2.pb" then (Flyteidl.Admin.WorkflowSpec.Parser.ParseFrom bytes).Template.Id.Name
                    else (Flyteidl.Admin.LaunchPlan.Parser.ParseFrom bytes).Id.Name
                Assert.Equal(file.Substring(3, file.Length - 8), name)
            let missing = run [ "package"; "no-such-file.fsx"; "-o"; dir ]
            Assert.Equal(2, missing.ExitCode)
    ]
