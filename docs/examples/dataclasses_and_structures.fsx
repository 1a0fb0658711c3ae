// Seed 001, "Dataclasses and structures": records as materialized data, and a task that calls another task
// concurrently (each call a child action whose input and output cross the literal boundary).
//
//   dotnet fsi docs/examples/dataclasses_and_structures.fsx
//   flyte run docs/examples/dataclasses_and_structures.fsx process_batch \
//     --batch '{"requests": [{"feature_a": 1, "feature_b": 2}, {"feature_a": 3, "feature_b": 4}], "batch_id": "test_batch"}'
#load "flyte.fsx"

open Flyte.FSharp

// The seed's dataclasses and Pydantic model: F# records, their field names are the JSON names.
type InferenceRequest = { feature_a: float; feature_b: float }

type BatchRequest = { requests: InferenceRequest list; batch_id: string }

type PredictionSummary = { predictions: float list; average: float; count: int; batch_id: string }

/// A dummy linear model: prediction = 2 * feature_a + 3 * feature_b + bias(=1.0)
let predict_one (request: InferenceRequest) : float = 2.0 * request.feature_a + 3.0 * request.feature_b + 1.0

/// Processes a batch of inference requests and returns summary statistics.
let process_batch (batch: BatchRequest) : Async<PredictionSummary> =
    async {
        // Process all requests concurrently: every call is a child action of this task.
        let! predictions = batch.requests |> List.map (Task.call <@ predict_one @>) |> Async.Parallel
        let average = if predictions.Length = 0 then 0.0 else Array.average predictions
        return
            { predictions = List.ofArray predictions
              average = average
              count = predictions.Length
              batch_id = batch.batch_id }
    }

/// Creates a text summary from the prediction results.
let summarize_results (summary: PredictionSummary) : string =
    sprintf "Batch %s: Processed %d predictions, average value: %.2f" summary.batch_id summary.count summary.average

// The tasks, named after the functions; `flyte run` finds them by these names.
let predictOne = Task.define <@ predict_one @>
let processBatch = Task.define <@ process_batch @>
let summarizeResults = Task.define <@ summarize_results @>

// The seed's __main__ (skipped when `flyte` loads the script to find its tasks): run process_batch on a 3-request batch, then summarize_results on its output.
if Script.IsMain then
    let batch_req =
        { requests =
            [ { feature_a = 1.0; feature_b = 2.0 }
              { feature_a = 3.0; feature_b = 4.0 }
              { feature_a = 5.0; feature_b = 6.0 } ]
          batch_id = "demo_batch_001" }

    let summary = Local.runTask processBatch batch_req
    printfn "Predictions: %s" (summary.predictions |> List.map (sprintf "%g") |> String.concat ", ")
    printfn "%s" (Local.runTask summarizeResults summary)
