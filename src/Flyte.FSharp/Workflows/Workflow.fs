namespace Flyte.FSharp

open Flyte
open Flyte.Tasks
open Flyte.Types
open Flyte.Workflows

/// One step of building a workflow: a function from the draft so far to a value (usually promises) and the next
/// draft. Nothing runs; the `workflow { }` builder threads the draft through the steps.
type WorkflowStep<'T> = WorkflowStep of (WorkflowDraft -> 'T * WorkflowDraft)

/// Functions over workflow steps; the `workflow { }` builder delegates to these.
[<RequireQualifiedAccess>]
module Workflow =
    /// Runs a step on a draft.
    [<CompiledName("Run")>]
    let run (WorkflowStep step) (draft: WorkflowDraft) = step draft

    /// A step that adds nothing and yields `value`.
    [<CompiledName("Return")>]
    let ret (value: 'T) : WorkflowStep<'T> = WorkflowStep(fun draft -> value, draft)

    /// The step `f` makes from what `step` yields, after `step`.
    [<CompiledName("Bind")>]
    let bind (f: 'T -> WorkflowStep<'U>) (step: WorkflowStep<'T>) : WorkflowStep<'U> =
        WorkflowStep(fun draft ->
            let value, next = run step draft
            run (f value) next)

    /// `step` with its value mapped.
    [<CompiledName("Map")>]
    let map (f: 'T -> 'U) (step: WorkflowStep<'T>) : WorkflowStep<'U> =
        WorkflowStep(fun draft ->
            let value, next = run step draft
            f value, next)

    /// Both steps, neither depending on the other: how `and!` says "no edge between us".
    [<CompiledName("Zip")>]
    let zip (first: WorkflowStep<'T>) (second: WorkflowStep<'U>) : WorkflowStep<'T * 'U> =
        WorkflowStep(fun draft ->
            let a, afterFirst = run first draft
            let b, afterSecond = run second afterFirst
            (a, b), afterSecond)

    /// Declares the workflow input `name`.
    [<CompiledName("Input")>]
    let input<'T> (name: string) : WorkflowStep<Promise<'T>> =
        WorkflowStep(fun draft ->
            let struct (next, promise) = draft.AddInput<'T> name
            promise, next)

    /// A constant, converted to a literal by the workflow's engine.
    [<CompiledName("Constant")>]
    let constant (value: 'T) : WorkflowStep<Promise<'T>> = WorkflowStep(fun draft -> draft.Constant value, draft)

    let private add (target: NodeTarget) (arguments: IPromise list) : WorkflowStep<Node> =
        WorkflowStep(fun draft ->
            let struct (next, node) = draft.AddNode(target, Array.ofList arguments)
            node, next)

    let private outputOf<'R> (node: Node) : Promise<'R> =
        if node.Interface.Outputs.Count = 0 then
            Promise<'R>(BindingData.Constant(Literal(Void.Instance)), LiteralType.Of SimpleType.None)
        else
            WorkflowDraft.Output<'R> node

    /// A node running a task without inputs.
    let internal call0 (task: FlyteTask<'R>) : WorkflowStep<Promise<'R>> =
        add (NodeTarget.TaskTarget task.Spec) [] |> map outputOf<'R>

    /// A node running a task with one input.
    let internal call (task: FlyteTask<'A, 'R>) (a: Promise<'A>) : WorkflowStep<Promise<'R>> =
        add (NodeTarget.TaskTarget task.Spec) [ a ] |> map outputOf<'R>

    /// A node running a task with two inputs.
    let internal call2 (task: FlyteTask<'A, 'B, 'R>) (a: Promise<'A>) (b: Promise<'B>) : WorkflowStep<Promise<'R>> =
        add (NodeTarget.TaskTarget task.Spec) [ a; b ] |> map outputOf<'R>

    /// A node running a task with three inputs.
    let internal call3 (task: FlyteTask<'A, 'B, 'C, 'R>) (a: Promise<'A>) (b: Promise<'B>) (c: Promise<'C>) : WorkflowStep<Promise<'R>> =
        add (NodeTarget.TaskTarget task.Spec) [ a; b; c ] |> map outputOf<'R>

    /// A node running sub-workflow `spec`, its inputs bound in order; its first output typed as 'R.
    [<CompiledName("Subworkflow")>]
    let subworkflow<'R> (spec: WorkflowSpec) (inputs: IPromise list) : WorkflowStep<Promise<'R>> =
        add (NodeTarget.WorkflowTarget spec) inputs |> map (fun node -> WorkflowDraft.Output<'R> node)

    /// Runs `task` (no inputs) before every other node.
    [<CompiledName("Setup")>]
    let setup (task: FlyteTask<'R>) : WorkflowStep<unit> = WorkflowStep(fun draft -> (), draft.WithSetup task.Spec)

    /// Runs `task` (no inputs) after every other node, also when one failed.
    [<CompiledName("Teardown")>]
    let teardown (task: FlyteTask<'R>) : WorkflowStep<unit> = WorkflowStep(fun draft -> (), draft.WithTeardown task.Spec)

    /// The workflow a step builds: what the step yields (a promise, a tuple of promises, or unit) becomes the
    /// workflow outputs `o0`, `o1`….
    [<CompiledName("Build")>]
    let build (name: string) (engine: TypeEngine) (step: WorkflowStep<'T>) : WorkflowSpec =
        let outputs, draft = run step (WorkflowDraft.Create(name, engine))
        draft.Build(Promises.Flatten(box outputs))

/// The `workflow "name" { … }` computation expression: `let!` adds a node, `and!` adds independent nodes, `return`
/// names the outputs. It yields a `WorkflowSpec` value; nothing runs.
type WorkflowBuilder(name: string, engine: TypeEngine) =
    /// Yields a value.
    member _.Return(value: 'T) : WorkflowStep<'T> = Workflow.ret value
    /// Yields a step's value.
    member _.ReturnFrom(step: WorkflowStep<'T>) : WorkflowStep<'T> = step
    /// Sequences steps.
    member _.Bind(step: WorkflowStep<'T>, f: 'T -> WorkflowStep<'U>) : WorkflowStep<'U> = Workflow.bind f step
    /// Maps a step's value.
    member _.BindReturn(step: WorkflowStep<'T>, f: 'T -> 'U) : WorkflowStep<'U> = Workflow.map f step
    /// Pairs independent steps (`and!`).
    member _.MergeSources(first: WorkflowStep<'T>, second: WorkflowStep<'U>) : WorkflowStep<'T * 'U> = Workflow.zip first second
    /// An empty step.
    member _.Zero() : WorkflowStep<unit> = Workflow.ret ()
    /// Delays building until `Run`.
    member _.Delay(f: unit -> WorkflowStep<'T>) : unit -> WorkflowStep<'T> = f
    /// Builds the workflow.
    member _.Run(f: unit -> WorkflowStep<'T>) : WorkflowSpec = Workflow.build name engine (f ())

/// Entry points of the `workflow { }` builder.
[<AutoOpen>]
module WorkflowBuilders =
    /// A workflow named `name`, its input types from `TypeEngine.Default`.
    let workflow (name: string) = WorkflowBuilder(name, TypeEngine.Default)

    /// A workflow named `name`, its input types from `engine`.
    let workflowWith (engine: TypeEngine) (name: string) = WorkflowBuilder(name, engine)
