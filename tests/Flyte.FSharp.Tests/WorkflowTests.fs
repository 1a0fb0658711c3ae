module Flyte.FSharp.Tests.WorkflowTests

open System
open System.Threading.Tasks
open Xunit
open Flyte
open Flyte.Execution
open Flyte.Execution.Local
open Flyte.FSharp
open Flyte.Tasks
open Flyte.Workflows

type Datum = { x: int; y: string }

type InferenceRequest = { feature_a: float; feature_b: float }
type BatchRequest = { requests: InferenceRequest list; batch_id: string }
type PredictionSummary = { predictions: float list; average: float; count: int; batch_id: string }

let stringify (x: int) : Datum = { x = x; y = string x }
let add (a: Datum) (b: Datum) : Datum = { x = a.x + b.x; y = a.y + b.y }
let answer () : int = 42

let predict_one (request: InferenceRequest) = 2.0 * request.feature_a + 3.0 * request.feature_b + 1.0

let process_batch_impl (batch: BatchRequest) =
    async {
        let! predictions = batch.requests |> List.map (Task.call <@ predict_one @>) |> Async.Parallel
        let average = if predictions.Length = 0 then 0.0 else Array.average predictions
        return { predictions = List.ofArray predictions; average = average; count = predictions.Length; batch_id = batch.batch_id }
    }

let stringifyTask = Task.define <@ stringify @>
let addTask = Task.define2 <@ add @>
let processBatch = Task.defineAsync <@ process_batch_impl @> |> Task.named "process_batch"

let engine = FSharpTypeEngine.Default
let interpreter () = LocalInterpreter(InterpreterOptions(Engine = engine))

[<Fact>]
let ``Task names and input names come from the quoted function`` () =
    Assert.Equal("stringify", stringifyTask.Name)
    Assert.Equal<string list>([ "x" ], stringifyTask.Spec.Interface.Inputs |> Seq.map _.Name |> List.ofSeq)
    Assert.Equal<string list>([ "a"; "b" ], addTask.Spec.Interface.Inputs |> Seq.map _.Name |> List.ofSeq)
    Assert.Equal<string list>([ "o0" ], addTask.Spec.Interface.Outputs |> Seq.map _.Name |> List.ofSeq)
    Assert.Equal("process_batch", processBatch.Name)
    Assert.Empty((Task.define0 <@ answer @>).Spec.Interface.Inputs)

[<Fact>]
let ``Un-annotated workflow code type-checks and builds the expected DAG`` () =
    let stringifyT = Task.ofFunc <@ stringify @>
    let addT = Task.ofFunc2 <@ add @>
    let answerT = Task.ofFunc0 <@ answer @>

    let wf =
        workflow "wf" {
            let! x = Workflow.input<int> "x"
            let! y = Workflow.input<int> "y"
            let! dx = stringifyT x
            and! dy = stringifyT y
            let! sum = addT dx dy
            let! n = answerT ()
            return sum, n
        }

    Assert.Equal<string list>([ "n0"; "n1"; "n2"; "n3" ], wf.Nodes |> Seq.map _.Id |> List.ofSeq)
    Assert.Empty(wf.Nodes[1].UpstreamIds)
    Assert.Equal<string list>([ "n0"; "n1" ], wf.Nodes[2].UpstreamIds |> List.ofSeq)
    Assert.Equal<string list>([ "o0"; "o1" ], wf.Interface.Outputs |> Seq.map _.Name |> List.ofSeq)

[<Fact>]
let ``The F# builder and the C# builder make equal workflow values`` () =
    let fsharp =
        workflow "wf" {
            let! x = Workflow.input<int> "x"
            let! y = Workflow.input<int> "y"
            let! dx = Task.node stringifyTask x
            and! dy = Task.node stringifyTask y
            let! sum = Task.node2 addTask dx dy
            return sum
        }

    let csharp =
        FlyteWorkflow
            .Define("wf", engine)
            .Input<int>("x")
            .Input<int>("y")
            .Then(fun b x y -> struct (b.Call(stringifyTask, x), b.Call(stringifyTask, y)))
            .Then(fun b (struct (dx, dy)) -> b.Call(addTask, dx, dy))
            .Build()

    Assert.Equal(csharp, fsharp)

[<Fact>]
let ``A wrongly typed binding is rejected when the workflow is built`` () =
    let error =
        Assert.Throws<WorkflowBuildException>(fun () ->
            workflow "wf" {
                let! s = Workflow.input<string> "s"
                let! d = Workflow.subworkflow<Datum> (workflow "inner" {
                                                          let! x = Workflow.input<int> "x"
                                                          return! Task.node stringifyTask x
                                                      }) [ s ]
                return d
            }
            |> ignore)

    Assert.Contains("input 'x'", error.Message)

[<Fact>]
let ``An F# workflow runs locally through literals`` () : Task =
    task {
        let wf =
            workflow "wf" {
                let! x = Workflow.input<int> "x"
                let! y = Workflow.input<int> "y"
                let! dx = Task.node stringifyTask x
                and! dy = Task.node stringifyTask y
                return! Task.node2 addTask dx dy
            }

        let! sum = interpreter().RunAsync<Datum>(wf, dict [ "x", box 10; "y", box 20 ])

        Assert.Equal({ x = 30; y = "1020" }, sum)
    }

[<Fact>]
let ``Task.call inside an F# task is a child action and stubs reach it`` () : Task =
    task {
        let wf =
            workflow "batch_wf" {
                let! batch = Workflow.input<BatchRequest> "batch"
                let! summary = Task.node processBatch batch
                return summary
            }

        let batch = { requests = [ { feature_a = 1.0; feature_b = 2.0 }; { feature_a = 3.0; feature_b = 4.0 } ]; batch_id = "test_batch" }
        let! result = interpreter().RunAsync(wf, dict [ "batch", box batch ])
        let! summary = result.OutputsAsync<PredictionSummary>(engine)

        Assert.Equal<float list>([ 9.0; 19.0 ], summary.predictions)
        Assert.Equal<string list>([ "predict_one"; "predict_one" ], result.Node("n0").Children |> Seq.map _.TaskName |> List.ofSeq)

        let predictOne = Task.define <@ predict_one @>
        let stubbed = LocalInterpreter(InterpreterOptions(Engine = engine, Stubs = TaskStubs.None.Replace(predictOne, fun _ -> 5.0)))
        let! stubbedSummary = stubbed.RunAsync<PredictionSummary>(wf, dict [ "batch", box batch ])

        Assert.Equal(5.0, stubbedSummary.average)
    }

[<Fact>]
let ``Setup and teardown run around the nodes in F# too`` () : Task =
    task {
        let log = Collections.Concurrent.ConcurrentQueue<string>()
        let setup = FlyteTask.Define("setup", Action(fun () -> log.Enqueue "setup"), engine)
        let teardown = FlyteTask.Define("teardown", Action(fun () -> log.Enqueue "teardown"), engine)
        let step = FlyteTask.Define("step", Func<int, int>(fun x -> log.Enqueue "step"; x + 1), engine)

        let wf =
            workflow "wf" {
                do! Workflow.setup setup
                let! x = Workflow.input<int> "x"
                let! y = Task.node step x
                do! Workflow.teardown teardown
                return y
            }

        let! y = interpreter().RunAsync<int>(wf, dict [ "x", box 1 ])

        Assert.Equal(2, y)
        Assert.Equal<string list>([ "setup"; "step"; "teardown" ], List.ofSeq log)
    }

let addOne (x: int) = x + 1

[<Fact>]
let ``F# middleware stacks first-outermost around the task`` () : Task =
    task {
        let log = Collections.Concurrent.ConcurrentQueue<string>()
        let named name =
            Middleware.create (fun invocation next ->
                async {
                    log.Enqueue $"{name} before"
                    let! outputs = next invocation
                    log.Enqueue $"{name} after"
                    return outputs
                })
        let add_one = Task.define <@ addOne @> |> Task.withMiddleware [ named "logged"; named "timed" ]

        let! result = add_one.CallAsync 41

        Assert.Equal(42, result)
        Assert.Equal<string list>([ "logged before"; "timed before"; "timed after"; "logged after" ], List.ofSeq log)
    }
