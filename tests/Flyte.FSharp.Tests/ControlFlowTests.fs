module Flyte.FSharp.Tests.ControlFlowTests

open Expecto
open Xunit
open Flyte.FSharp
open Flyte.Workflows

let square (n: float) : float = n * n
let twice (n: float) : float = 2.0 * n
let plus_two (a: int) : string = string (a + 2)

let squareT = Task.define <@ square @>
let twiceT = Task.define <@ twice @>
let plusTwoT = Task.define <@ plus_two @>
let picky (a: int) : string = if a > 2 then failwith $"{a} is too big" else string a
let pickyT = Task.define <@ picky @>

let fsharpMultiplier =
    workflow "multiplier" {
        let! my_input = Workflow.input<float> "my_input"
        return!
            Branch.conditional "fractions"
            |> Branch.ifThen ((my_input .>= 0.1) .&& (my_input .<= 1.0)) (Task.node twiceT my_input)
            |> Branch.orElse (Task.node squareT my_input)
    }

[<Tests>]
let tests =
    testList "ControlFlow" [
        testCase "the F# branch and the C# If/Else build equal workflows" <| fun () ->
            let csharp =
                FlyteWorkflow.Define("multiplier")
                    .Input<float>("my_input")
                    .Then(fun b x -> b.If("fractions", x.Gte(0.1).And(x.Lte 1.0), fun c -> c.Call(twiceT, x)).Else(fun c -> c.Call(squareT, x)))
                    .Build()
            Assert.Equal(csharp, fsharpMultiplier)
            Assert.Equal(1.0, Local.run<float> fsharpMultiplier {| my_input = 0.5 |})
            Assert.Equal(9.0, Local.run<float> fsharpMultiplier {| my_input = 3.0 |})

        testCase "an F# map over an int list yields a string list" <| fun () ->
            let wf =
                workflow "mapped" {
                    let! a = Workflow.input<int list> "a"
                    return! MapTask.over plusTwoT a
                }
            Assert.Equal<string list>([ "3"; "4"; "5" ], Local.run<string list> wf {| a = [ 1; 2; 3 ] |})
            Assert.IsType<MapTarget>(wf.Nodes[0].Target) |> ignore

        testCase "an F# map under a success ratio yields options, None for a failed element" <| fun () ->
            let wf =
                workflow "tolerant" {
                    let! a = Workflow.input<int list> "a"
                    return! MapTask.overOptional (MapOptions(MinSuccessRatio = 0.5)) pickyT a
                }
            Assert.Equal<string option list>([ Some "1"; Some "2"; None ], Local.run<string option list> wf {| a = [ 1; 2; 3 ] |})
            let plain = Assert.Throws<WorkflowBuildException>(fun () ->
                workflow "untyped" {
                    let! a = Workflow.input<int list> "a"
                    return! MapTask.overWith (MapOptions(MinSuccessRatio = 0.5)) pickyT a
                } |> ignore)
            Assert.Contains("use MapTask.overOptional or MapTask.partialOptional", plain.Message)
    ]
