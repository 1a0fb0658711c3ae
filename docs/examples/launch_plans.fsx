// flytesnacks "Launch plans" and "Reference entities": a workflow that calls a task a Python team registered (through
// its typed reference, with a local stub standing for it here), a named launch plan over that workflow (a fixed input,
// a default input, a cron schedule and an email when it fails), and another workflow starting that launch plan as a node.
//
//   dotnet fsi docs/examples/launch_plans.fsx
//   flyte run docs/examples/launch_plans.fsx nightly_report            # the fixed region and the default days applied
//   flyte package docs/examples/launch_plans.fsx -o out                # the launch plan, and a node referencing the Python task
//   flyte check docs/examples/launch_plans.fsx --remote                # the edges into tasks.double_count, against Admin's interface
#load "flyte.fsx"

open Flyte.FSharp
open Flyte.Workflows

/// The Python team's `tasks.double_count(x: int) -> int`, registered by flytekit as version v1: a typed reference (its
/// input named as Python names it), and the stub that stands for it on this machine.
let pythonDouble =
    (Reference.task<int64, int64> (EntityId("flytesnacks", "development", "tasks.double_count", "v1")) "x").WithStub(fun x -> 2L * x)

let format_report (region: string) (count: int64) : string = $"Report {region}: {count}"

let formatReport = Task.define <@ format_report @>

/// Doubles the day count with the Python task, then formats the report.
let report_wf =
    workflow "report_wf" {
        let! region = Workflow.input<string> "region"
        let! days = Workflow.input<int64> "days"
        let! doubled = Reference.node pythonDouble days
        return! Task.node formatReport region doubled
    }

/// Every night at 03:00 for region eu (fixed), over 7 days unless told otherwise; an email when it fails.
let nightly_report =
    LaunchPlan.create "nightly_report" report_wf
    |> LaunchPlan.fixedInput "region" "eu"
    |> LaunchPlan.defaultInput "days" 7L
    |> LaunchPlan.schedule (Schedule.Cron "0 3 * * *")
    |> LaunchPlan.notify (Notification.Email([ WorkflowExecutionPhase.Failed ], "oncall@example.com"))
    |> LaunchPlan.label "team" "reports"

/// Starts the nightly launch plan as a node (`launchplan_ref`): it binds only the days, the launch plan fixes the region.
let weekly_wf =
    workflow "weekly_wf" {
        let! days = Workflow.input<int64> "days"
        return! LaunchPlan.node<string> nightly_report [ days ]
    }

// The page's __main__ block.
if Script.IsMain then
    printfn "report_wf(us, 2) = %s" (Local.run<string> report_wf {| region = "us"; days = 2L |})
    printfn "weekly_wf(3) = %s" (Local.run<string> weekly_wf {| days = 3L |})
