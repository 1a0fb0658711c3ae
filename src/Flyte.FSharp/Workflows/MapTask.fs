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
    let private add (target: MapTarget) (arguments: IPromise array) : WorkflowStep<Promise<'L>> =
        WorkflowStep(fun draft ->
            let struct (next, node) = draft.AddNode(target, arguments)
            WorkflowDraft.Output<'L> node, next)

    let private whole (target: MapTarget) =
        target.Expecting(false, "MapTask.over", "MapTask.overOptional or MapTask.partialOptional")

    let private tolerant (target: MapTarget) = target.Expecting(true, "MapTask.over", "MapTask.overOptional")

    let private second (task: FlyteTask) = [ task.Spec.Interface.Inputs[1].Name ]

    /// Maps `task` over `items` with `options` (concurrency, min_successes; a min_success_ratio below 1 needs `overOptional`).
    [<CompiledName("OverWith")>]
    let overWith (options: MapOptions) (task: FlyteTask<'A, 'R>) (items: Promise<'A list>) : WorkflowStep<Promise<'R list>> =
        add (whole (MapTarget.Of(task, [], options))) [| items |]

    /// Maps `task` over `items`.
    [<CompiledName("Over")>]
    let over (task: FlyteTask<'A, 'R>) (items: Promise<'A list>) : WorkflowStep<Promise<'R list>> = overWith MapOptions.Default task items

    /// Maps a two-input `task` over `items`, its second input bound to `fixedValue` for every element (flytekit's `partial`).
    [<CompiledName("Partial")>]
    let partial (options: MapOptions) (task: FlyteTask<'A, 'B, 'R>) (items: Promise<'A list>) (fixedValue: Promise<'B>) : WorkflowStep<Promise<'R list>> =
        add (whole (MapTarget.Of(task, second task, options))) [| items; fixedValue |]

    /// Maps `task` over `items`, letting elements fail as long as `options`' min_success_ratio (below 1) of them succeed:
    /// the outputs as options, `None` for each failed element (flytekit's `List[Optional[T]]`).
    [<CompiledName("OverOptional")>]
    let overOptional (options: MapOptions) (task: FlyteTask<'A, 'R>) (items: Promise<'A list>) : WorkflowStep<Promise<'R option list>> =
        add (tolerant (MapTarget.Of(task, [], options))) [| items |]

    /// `overOptional` for a two-input `task`, its second input bound to `fixedValue` for every element.
    [<CompiledName("PartialOptional")>]
    let partialOptional (options: MapOptions) (task: FlyteTask<'A, 'B, 'R>) (items: Promise<'A list>) (fixedValue: Promise<'B>)
        : WorkflowStep<Promise<'R option list>> =
        add (tolerant (MapTarget.Of(task, second task, options))) [| items; fixedValue |]
