namespace Flyte.FSharp

open Flyte.Workflows

/// Named launch plans from F# (flytekit's `LaunchPlan.get_or_create`), values converted by `TypeEngine.Default`:
/// ```
/// let nightly =
///     LaunchPlan.create "nightly_report" report
///     |> LaunchPlan.fixedInput "region" "eu"
///     |> LaunchPlan.defaultInput "days" 7L
///     |> LaunchPlan.schedule (Schedule.Cron "0 3 * * *")
///     |> LaunchPlan.notify (Notification.Email([ WorkflowExecutionPhase.Failed ], "team@example.com"))
/// ```
/// Inside `workflow { }`, `LaunchPlan.node<'R> plan [ inputs ]` starts it as a node (`launchplan_ref`).
[<RequireQualifiedAccess>]
module LaunchPlan =
    /// A launch plan named `name` over `workflow`.
    [<CompiledName("Create")>]
    let create (name: string) (workflow: WorkflowSpec) : LaunchPlanSpec = LaunchPlanSpec.Create(name, workflow)

    /// Fixes input `input` to `value`: callers cannot give it.
    [<CompiledName("FixedInput")>]
    let fixedInput (input: string) (value: 'T) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithFixedInput(input, value, TypeEngine.Default)

    /// Gives input `input` the default `value`.
    [<CompiledName("DefaultInput")>]
    let defaultInput (input: string) (value: 'T) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithDefaultInput(input, value, TypeEngine.Default)

    /// Starts it on `schedule` (`Schedule.Cron "0 3 * * *"` or `Schedule.FixedRate(TimeSpan.FromHours 1.0)`).
    [<CompiledName("WithSchedule")>]
    let schedule (schedule: Schedule) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithSchedule schedule

    /// Adds a notification (`Notification.Email`, `Notification.Slack`, `Notification.PagerDuty`).
    [<CompiledName("Notify")>]
    let notify (notification: Notification) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithNotification notification

    /// Sets a label of its executions.
    [<CompiledName("Label")>]
    let label (key: string) (value: string) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithLabel(key, value)

    /// Sets an annotation of its executions.
    [<CompiledName("Annotation")>]
    let annotation (key: string) (value: string) (plan: LaunchPlanSpec) : LaunchPlanSpec = plan.WithAnnotation(key, value)

    /// A node starting `plan`, the inputs it does not fix bound in order; its first output typed as 'R.
    [<CompiledName("Node")>]
    let node<'R> (plan: LaunchPlanSpec) (inputs: IPromise list) : WorkflowStep<Promise<'R>> =
        WorkflowStep(fun draft ->
            let struct (next, node) = draft.AddNode(LaunchPlanTarget plan, Array.ofList inputs)
            WorkflowDraft.Output<'R> node, next)
