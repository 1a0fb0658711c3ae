module Flyte.FSharp.Tests.LaunchPlanTests

open Expecto
open Xunit
open Flyte.FSharp
open Flyte.Workflows

let triple (n: int64) : int64 = 3L * n
let tripleT = Task.define <@ triple @>

let pyId = EntityId("flytesnacks", "development", "tasks.double_count", "v1")
let pyDouble = (Reference.task<int64, int64> pyId "x").WithStub(fun x -> 2L * x)

let fsharpWorkflow =
    workflow "calls_python" {
        let! x = Workflow.input<int64> "x"
        let! doubled = Reference.node pyDouble x
        return! Task.node tripleT doubled
    }

let fsharpPlan =
    LaunchPlan.create "fixed_three" fsharpWorkflow
    |> LaunchPlan.fixedInput "x" 3L
    |> LaunchPlan.schedule (Schedule.FixedRate(System.TimeSpan.FromDays 1.0))
    |> LaunchPlan.notify (Notification.Slack([ WorkflowExecutionPhase.Succeeded ], "team@example.com"))

[<Tests>]
let tests =
    testList "LaunchPlans" [
        testCase "the F# and C# builders make equal workflows with reference nodes, launch plans and launch-plan nodes" <| fun () ->
            let csharpReference = FlyteReference.Task<int64, int64>(pyId, "x", engine = TypeEngine.Default).WithStub(fun x -> 2L * x)
            let csharp =
                FlyteWorkflow.Define("calls_python", TypeEngine.Default)
                    .Input<int64>("x")
                    .Then(fun b x -> b.Call(tripleT, b.Call(csharpReference, x)))
                    .Build()
            Assert.Equal(csharp, fsharpWorkflow)
            let csharpPlan =
                LaunchPlanSpec.Create("fixed_three", csharp).WithFixedInput("x", 3L, TypeEngine.Default)
                    .WithSchedule(Schedule.FixedRate(System.TimeSpan.FromDays 1.0))
                    .WithNotification(Notification.Slack([ WorkflowExecutionPhase.Succeeded ], "team@example.com"))
            Assert.Equal(csharpPlan, fsharpPlan)

        testCase "a launch-plan node of a plan that fixes every input binds nothing and runs with the fixed value" <| fun () ->
            let outer =
                workflow "outer" {
                    return! LaunchPlan.node<int64> fsharpPlan []
                }
            Assert.Equal(0, outer.Nodes[0].Inputs.Count)
            Assert.Equal(18L, Local.run<int64> outer {| |})
    ]
