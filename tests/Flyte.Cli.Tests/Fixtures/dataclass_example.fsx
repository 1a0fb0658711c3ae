// Seed 001's tasks for the CLI tests. Under `dotnet fsi` the #r lines below load the built Flyte assemblies;
// under `flyte run` the command line swaps them for its own copies.
#r "../../../docs/examples/bin/Flyte.Core.dll"
#r "../../../docs/examples/bin/Flyte.FSharp.dll"

open Flyte.FSharp

type InferenceRequest = { feature_a: float; feature_b: float }
type BatchRequest = { requests: InferenceRequest list; batch_id: string }
type PredictionSummary = { predictions: float list; average: float; count: int; batch_id: string }

let predict_one (request: InferenceRequest) = 2.0 * request.feature_a + 3.0 * request.feature_b + 1.0

let process_batch (batch: BatchRequest) = async {
    let! predictions = batch.requests |> List.map (Task.call <@ predict_one @>) |> Async.Parallel
    let average = if predictions.Length = 0 then 0.0 else Array.average predictions
    return { predictions = List.ofArray predictions; average = average; count = predictions.Length; batch_id = batch.batch_id }
}

let summarize_results (summary: PredictionSummary) =
    sprintf "Batch %s: Processed %d predictions, average value: %.2f" summary.batch_id summary.count summary.average

let fail_always (x: int) : int = failwithf "refusing %d" x

let predictOne = Task.define <@ predict_one @>
let processBatch = Task.define <@ process_batch @>
let summarizeResults = Task.define <@ summarize_results @>
let failAlways = Task.define <@ fail_always @>

let batch_wf = workflow "batch_wf" {
    let! batch = Workflow.input<BatchRequest> "batch"
    let! summary = Task.node processBatch batch
    let! text = Task.node summarizeResults summary
    return text
}
