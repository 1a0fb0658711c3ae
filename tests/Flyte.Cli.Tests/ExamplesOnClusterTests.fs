/// Every workflow of docs/examples runs on the local cluster — one `flyte execute` process per task attempt, each in
/// its own sandbox, with an S3 bucket (moto) as the only shared store — with the outputs the local interpreter gives.
module Flyte.Cli.Tests.ExamplesOnClusterTests

open System.IO
open System.Text.Json
open Expecto
open Xunit
open Flyte.Cli.Tests.CliProcess

let private outputs (environment: (string * string) list) (args: string list) =
    let r = runWith environment (args @ [ "--json" ])
    let command = String.concat " " args
    Assert.True((r.ExitCode = 0), $"flyte {command} exited {r.ExitCode}:\n{r.Stderr}")
    JsonDocument.Parse(r.Stdout).RootElement.Clone()

/// Runs an example entity locally and on the local cluster over S3; returns both output objects.
let private both (script: string) (entity: string) (inputs: string list) =
    let file = Path.Combine(repoRoot, "docs", "examples", script)
    let local = outputs [] ([ "run"; file; entity ] @ inputs)
    let bucket, environment = MotoS3.bucket ()
    let cluster = outputs environment ([ "run"; file; entity ] @ inputs @ [ "--local-cluster"; "--cluster-root"; $"s3://{bucket}/metadata" ])
    local, cluster

let private text (e: JsonElement) = e.GetRawText()

/// One test at a time within this list, other lists alongside (as xunit ran a module's tests): they start flyte
/// processes and share this run's script cache.
[<Tests>]
let tests =
    testSequencedGroup "ExamplesOnCluster" <| testList "ExamplesOnCluster" [
        testCase "seed 001 process_batch gives the same summary on the local cluster" <| fun () ->
            let local, cluster =
                both "dataclasses_and_structures.fsx" "process_batch" [ "--batch"; """{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "b"}""" ]
            Assert.Equal(text local, text cluster)
            Assert.Equal(14.0, local.GetProperty("o0").GetProperty("average").GetDouble())

        testCase "seed 003 workflows give the same outputs on the local cluster" <| fun () ->
            let local, cluster = both "extending.fsx" "add_one_wf" [ "--x"; "41" ]
            Assert.Equal(text local, text cluster)
            Assert.Equal(42, local.GetProperty("o0").GetInt32())
            let local, cluster = both "extending.fsx" "coordinates_wf" [ "--num"; "5"; "--x_min"; "1"; "--x_max"; "3" ]
            Assert.Equal(text local, text cluster)
            Assert.Equal(3, local.GetProperty("o0").GetArrayLength())

        testCase "seed 000 wf gives the same Datum on the local cluster and a Result on both" <| fun () ->
            let local, cluster = both "custom_objects.fsx" "wf" [ "--x"; "10"; "--y"; "20" ]
            Assert.Equal(text (local.GetProperty "o0"), text (cluster.GetProperty "o0"))
            Assert.Equal(30, local.GetProperty("o0").GetProperty("x").GetInt32())
            // The Result holds blobs: their URIs differ between runs, their presence does not; on the cluster they are in the bucket.
            for o in [ local; cluster ] do
                Assert.Equal(JsonValueKind.Object, o.GetProperty("o1").ValueKind)
            Assert.StartsWith("s3://", cluster.GetProperty("o1").GetProperty("file").GetProperty("path").GetString())

        testCase "seeds 002 and 004 run on the local cluster as locally" <| fun () ->
            for entity, inputs in [ "welcome", [ "--name"; "Foo" ]; "welcome_all", [ "--names"; """["f", "o", "o"]""" ] ] do
                let local, cluster = both "pickle.fsx" entity inputs
                // Opaque objects travel as blobs whose URIs differ between runs: both runs produce one output of the same kind.
                Assert.Equal(local.GetProperty("o0").ValueKind, cluster.GetProperty("o0").ValueKind)

        testCase "conditions take the same branches on the local cluster" <| fun () ->
            for entity, input, expected in [ "multiplier", "0.5", 1.0; "multiplier", "3", 9.0; "nested_conditions", "0.3", 0.36 ] do
                let local, cluster = both "conditions.fsx" entity [ "--my_input"; input ]
                Assert.Equal(text local, text cluster)
                Assert.Equal(expected, local.GetProperty("o0").GetDouble(), 9)
            // Floats print as Python prints them (the issue's `1.0` and `9.0`), not as .NET's `1` and `9`.
            let file = Path.Combine(repoRoot, "docs", "examples", "conditions.fsx")
            for input, expected in [ "0.5", "o0 = 1.0"; "3", "o0 = 9.0" ] do
                let r = run [ "run"; file; "multiplier"; "--my_input"; input ]
                Assert.True((r.ExitCode = 0), r.Stderr)
                Assert.Equal(expected, r.Stdout.Trim())

        testCase "map_task gives the same list and join on the local cluster, one process per element" <| fun () ->
            let local, cluster = both "map_task.fsx" "my_map_workflow" [ "--a"; "[1, 2, 3, 4, 5]" ]
            Assert.Equal(text local, text cluster)
            Assert.Equal("34567", local.GetProperty("o0").GetString())
            let local, cluster = both "map_task.fsx" "scaled_workflow" [ "--xs"; "[1, 2, 3]"; "--factor"; "10" ]
            Assert.Equal(text local, text cluster)
            Assert.Equal("[10,20,30]", local.GetProperty("o0").GetRawText().Replace(" ", ""))
    ]
