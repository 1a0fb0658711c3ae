module Flyte.FSharp.Tests.WorkflowTests

open System
open System.Threading.Tasks
open Expecto
open Xunit
open Flyte
open Flyte.Execution
open Flyte.Execution.Local
open Flyte.FSharp
open Flyte.FSharp.Model
open Flyte.FSharp.Tests.Support
open Flyte.Tasks
open Flyte.Workflows

type Datum = { x: int; y: string }

type InferenceRequest = { feature_a: float; feature_b: float }
type BatchRequest = { requests: InferenceRequest list; batch_id: string }
type PredictionSummary = { predictions: float list; average: float; count: int; batch_id: string }

let stringify (x: int) : Datum = { x = x; y = string x }
let add (a: Datum) (b: Datum) : Datum = { x = a.x + b.x; y = a.y + b.y }
let answer () : int = 42
let answer_later () = async { return 42 }
let add3 (a: int) (b: int) (c: int) : int = a + b + c
let add3_later (a: int) (b: int) (c: int) = async { return a + b + c }
let concat_later (a: string) (b: string) = async { return a + b }
let tupled (a: int, b: int) : int = a + b

let predict_one (request: InferenceRequest) = 2.0 * request.feature_a + 3.0 * request.feature_b + 1.0

let process_batch_impl (batch: BatchRequest) =
    async {
        let! predictions = batch.requests |> List.map (Task.call <@ predict_one @>) |> Async.Parallel
        let average = if predictions.Length = 0 then 0.0 else Array.average predictions
        return { predictions = List.ofArray predictions; average = average; count = predictions.Length; batch_id = batch.batch_id }
    }

let stringifyTask = Task.define <@ stringify @>
let addTask = Task.define <@ add @>
let processBatch = Task.define <@ process_batch_impl @> |> Task.named "process_batch"

let engine = TypeEngine.Default
let interpreter () = LocalInterpreter(InterpreterOptions(Engine = engine))

/// x, y → stringify each (no edge between them) → add.
let stringifyAndAdd =
    workflow "wf" {
        let! x = Workflow.input<int> "x"
        let! y = Workflow.input<int> "y"
        let! dx = Task.node stringifyTask x
        and! dy = Task.node stringifyTask y
        return! Task.node addTask dx dy
    }

let addOne (x: int) = x + 1

type Celsius = { degrees: float }

/// Writes a Celsius as a string literal: an engine that treats Celsius unlike `TypeEngine.Default`'s record family.
let celsiusAsText =
    TypeEngine.Default
    |> TypeEngine.add (
        Transformer.create<Celsius> "celsius" (LiteralType.Of SimpleType.String)
            (fun c -> Literal(Primitive.StringValue(string c.degrees)))
            (fun l -> match l with | Scalar(String s) -> { degrees = float s } | _ -> failwith "not text"))

let describe (c: Celsius) : string = $"{c.degrees} °C"
let report_as_text (c: Celsius) = async { return! Task.call <@ describe @> c }
let report_as_record (c: Celsius) = async { return! Task.call <@ describe @> c }

let fail_loudly (x: int) : int = if x > 0 then invalidOp $"refusing {x}" else x

[<Tests>]
let tests =
    testList "Workflow" [
        testCase "Task names and input names come from the quoted function" <| fun () ->
            Assert.Equal("stringify", stringifyTask.Name)
            Assert.Equal<string list>([ "x" ], stringifyTask.Spec.Interface.Inputs |> Seq.map _.Name |> List.ofSeq)
            Assert.Equal<string list>([ "a"; "b" ], addTask.Spec.Interface.Inputs |> Seq.map _.Name |> List.ofSeq)
            Assert.Equal<string list>([ "o0" ], addTask.Spec.Interface.Outputs |> Seq.map _.Name |> List.ofSeq)
            Assert.Equal("process_batch", processBatch.Name)
            Assert.Empty((Task.define <@ answer @>).Spec.Interface.Inputs)

        testCaseTask "One Task.define serves every arity, synchronous or Async, its overload read from the quoted function's type" <| fun () ->
            task {
                // The annotations are the test: each binding must resolve to the task type of its function's arity.
                let zero: FlyteTask<int> = Task.define <@ answer @>
                let zeroLater: FlyteTask<int> = Task.define <@ answer_later @>
                let one: FlyteTask<int, Datum> = Task.define <@ stringify @>
                let two: FlyteTask<Datum, Datum, Datum> = Task.define <@ add @>
                let twoLater: FlyteTask<string, string, string> = Task.define <@ concat_later @>
                let three: FlyteTask<int, int, int, int> = Task.define <@ add3 @>
                let threeLater: FlyteTask<int, int, int, int> = Task.define <@ add3_later @>
                let inputs (t: FlyteTask) = t.Spec.Interface.Inputs |> Seq.map _.Name |> List.ofSeq
                Assert.Equal<string list>([ "a"; "b"; "c" ], inputs three)
                Assert.Equal<string list>([ "a"; "b"; "c" ], inputs threeLater)
                Assert.Equal<string list>([], inputs zeroLater)
                let! z = zero.CallAsync()
                let! zl = zeroLater.CallAsync()
                let! o = one.CallAsync 7
                let! t = two.CallAsync({ x = 1; y = "a" }, { x = 2; y = "b" })
                let! tl = twoLater.CallAsync("a", "b")
                let! th = three.CallAsync(1, 2, 3)
                let! thl = threeLater.CallAsync(1, 2, 3)
                Assert.Equal((42, 42, { x = 7; y = "7" }, { x = 3; y = "ab" }, "ab", 6, 6), (z, zl, o, t, tl, th, thl))
            }

        testCase "A function taking its parameters as a tuple is refused with the fix in the message" <| fun () ->
            let e = Assert.Throws<ArgumentException>(fun () -> Task.define <@ tupled @> |> ignore)
            Assert.Contains("tupled has 2 parameter(s) but its type reads as a function of 1 input(s)", e.Message)
            Assert.Contains("curried", e.Message)

        testCaseTask "Task.call and Task.node take every arity too" <| fun () ->
            task {
                let run = async {
                    let! a = Task.call <@ answer @> ()
                    let! b = Task.call <@ answer_later @> ()
                    let! c = Task.call <@ add3 @> 1 2 3
                    let! d = Task.call <@ add3_later @> 1 2 3
                    let! e = Task.call <@ concat_later @> "x" "y"
                    return a, b, c, d, e
                }
                let! result = Async.StartAsTask run
                Assert.Equal((42, 42, 6, 6, "xy"), result)

                let wf =
                    workflow "every_arity" {
                        let! x = Workflow.input<int> "x"
                        let! n = Task.node (Task.define <@ answer @>) ()
                        let! s = Task.ofFunc <@ add3 @> x n x
                        let! l = Task.ofFunc <@ answer_later @> ()
                        return! Task.node (Task.define <@ add3_later @>) s l n
                    }
                let! sum = Local.runAsync<int> wf {| x = 1 |}
                Assert.Equal(1 + 42 + 1 + 42 + 42, sum)
            }

        testCase "Un-annotated workflow code type-checks and builds the expected DAG" <| fun () ->
            let stringifyT = Task.ofFunc <@ stringify @>
            let addT = Task.ofFunc <@ add @>
            let answerT = Task.ofFunc <@ answer @>

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

        testCase "The F# builder and the C# builder make equal workflow values" <| fun () ->
            let fsharp =
                workflow "wf" {
                    let! x = Workflow.input<int> "x"
                    let! y = Workflow.input<int> "y"
                    let! dx = Task.node stringifyTask x
                    and! dy = Task.node stringifyTask y
                    let! sum = Task.node addTask dx dy
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

        testCase "The F# and C# builders stay equal for tasks of zero and three inputs and for Async tasks" <| fun () ->
            let answerTask = Task.define <@ answer @>
            let add3Task = Task.define <@ add3 @>
            let add3LaterTask = Task.define <@ add3_later @>
            let fsharp =
                workflow "wf3" {
                    let! x = Workflow.input<int> "x"
                    let! n = Task.node answerTask ()
                    let! s = Task.node add3Task x n x
                    let! t = Task.node add3LaterTask s n x
                    return t
                }

            let csharp =
                FlyteWorkflow
                    .Define("wf3", engine)
                    .Input<int>("x")
                    .Then(fun b x -> struct (x, b.Call answerTask))
                    .Then(fun b (struct (x, n)) -> struct (x, n, b.Call(add3Task, x, n, x)))
                    .Then(fun b (struct (x, n, s)) -> b.Call(add3LaterTask, s, n, x))
                    .Build()

            Assert.Equal(csharp, fsharp)

        testCase "A wrongly typed binding is rejected when the workflow is built" <| fun () ->
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

        testCaseTask "An F# workflow runs locally through literals" <| fun () ->
            task {
                let! sum = interpreter().RunAsync<Datum>(stringifyAndAdd, dict [ "x", box 10; "y", box 20 ])

                Assert.Equal({ x = 30; y = "1020" }, sum)
            }

        testCaseTask "Task.call inside an F# task is a child action and stubs reach it" <| fun () ->
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

        testCaseTask "Setup and teardown run around the nodes in F# too" <| fun () ->
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

        testCaseTask "Task.call converts with the running task's engine and never hands one engine's task to another" <| fun () ->
            task {
                let asText = Task.define(<@ report_as_text @>, celsiusAsText)
                let asRecord = Task.define <@ report_as_record @>
                let childInput (parent: FlyteTask<Celsius, string>) =
                    task {
                        let! result = Local.executeAsync (InterpreterOptions(Engine = parent.Engine)) (Local.workflowOf parent) {| c = { degrees = 21.5 } |}
                        Assert.Equal(box "21.5 °C", (result.Node "n0").Outputs.Literals["o0"] |> fun l -> (TypeEngine.toValue<string> parent.Engine l).Result |> box)
                        return (result.Node "n0").Children |> Seq.exactlyOne |> fun child -> child.Inputs.Literals["c"]
                    }
                // Each order once: the first call of `describe` must not decide the engine of the later ones.
                let! text = childInput asText
                let! record = childInput asRecord
                let! textAgain = childInput asText
                Assert.Equal(Literal(Primitive.StringValue "21.5"), text)
                Assert.Equal(toLiteral { degrees = 21.5 }, record)
                Assert.Equal(text, textAgain)
            }

        testCaseTask "The asynchronous Local functions return what the blocking ones do" <| fun () ->
            task {
                let wf = stringifyAndAdd
                let inputs = {| x = 10; y = 20 |}
                let! viaRun = Local.runAsync<Datum> wf inputs
                let! viaRunWith = Local.runWithAsync<Datum> Local.options wf inputs
                let! viaExecute = Local.executeAsync Local.options wf inputs
                let! viaTask = Local.runTaskAsync stringifyTask 5
                Assert.Equal({ x = 30; y = "1020" }, viaRun)
                Assert.Equal(Local.run<Datum> wf inputs, viaRunWith)
                Assert.Equal<string list>([ "n0"; "n1"; "n2" ], viaExecute.Nodes |> Seq.map _.NodeId |> List.ofSeq)
                Assert.Equal(Local.runTask stringifyTask 5, viaTask)
            }

        testCaseTask "A failing task fails the asynchronous run with the same error as the blocking one, not an AggregateException" <| fun () ->
            task {
                let failing = Task.define <@ fail_loudly @>
                let blocking = Assert.ThrowsAny<exn>(fun () -> Local.runTask failing 1 |> ignore)
                let! asynchronous = Assert.ThrowsAnyAsync<exn>(fun () -> Async.StartAsTask(Local.runTaskAsync failing 1) :> Task)
                Assert.IsNotType<AggregateException>(asynchronous)
                Assert.Equal(blocking.GetType(), asynchronous.GetType())
                Assert.Equal(blocking.Message, asynchronous.Message)
                Assert.Contains("refusing 1", asynchronous.Message)
            }

        testCaseTask "F# middleware stacks first-outermost around the task" <| fun () ->
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
    ]
