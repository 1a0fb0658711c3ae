namespace Flyte.FSharp

open Flyte.Tasks
open Flyte.Workflows

/// Map tasks inside `workflow { }` (flytekit's `map_task`): a task runs once per element of a list promise, its
/// output a list in element order. The list is typed: mapping over a promise that is not a list does not compile.
/// ```
/// let! strings = MapTask.over a_mappable_task a
/// ```
[<RequireQualifiedAccess>]
module MapTask =
    let private add (target: MapTarget) (arguments: IPromise array) : WorkflowStep<Promise<'R list>> =
        WorkflowStep(fun draft ->
            let struct (next, node) = draft.AddNode(target, arguments)
            WorkflowDraft.Output<'R list> node, next)

    /// Maps `task` over `items` with `options` (concurrency, min_successes, min_success_ratio).
    [<CompiledName("OverWith")>]
    let overWith (options: MapOptions) (task: FlyteTask<'A, 'R>) (items: Promise<'A list>) : WorkflowStep<Promise<'R list>> =
        add (MapTarget.Of(task.Spec, [], options)) [| items |]

    /// Maps `task` over `items`.
    [<CompiledName("Over")>]
    let over (task: FlyteTask<'A, 'R>) (items: Promise<'A list>) : WorkflowStep<Promise<'R list>> = overWith MapOptions.Default task items

    /// Maps a two-input `task` over `items`, its second input bound to `fixedValue` for every element (flytekit's `partial`).
    [<CompiledName("Partial")>]
    let partial (options: MapOptions) (task: FlyteTask<'A, 'B, 'R>) (items: Promise<'A list>) (fixedValue: Promise<'B>) : WorkflowStep<Promise<'R list>> =
        add (MapTarget.Of(task.Spec, [ task.Spec.Interface.Inputs[1].Name ], options)) [| items; fixedValue |]
