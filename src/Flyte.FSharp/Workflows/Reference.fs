namespace Flyte.FSharp

open Flyte.Workflows

/// Typed references to entities registered elsewhere (flytekit's `reference_task` and `reference_launch_plan`), their
/// types from `TypeEngine.Default`, and their nodes inside `workflow { }`:
/// ```
/// let pyDouble = (Reference.task<int64, int64> (EntityId("flytesnacks", "development", "tasks.double", "v1")) "x").WithStub(fun x -> 2L * x)
/// let! doubled = Reference.node pyDouble x
/// ```
/// A reference runs locally only with a stub (`WithStub`, or `InterpreterOptions.Stubs` by its name).
[<AbstractClass; Sealed>]
type Reference =
    /// A reference task without inputs; its output is `o0`.
    static member task<'R>(id: EntityId) : ReferenceEntity<'R> = FlyteReference.Make<'R>(ReferenceKind.Task, id, "o0", TypeEngine.Default)

    /// A reference task of one input, named as the other side declares it; its output is `o0`.
    static member task<'A, 'R>(id: EntityId) : string -> ReferenceEntity<'A, 'R> =
        fun a -> FlyteReference.Make<'A, 'R>(ReferenceKind.Task, id, a, "o0", TypeEngine.Default)

    /// A reference task of two inputs; its output is `o0`.
    static member task<'A, 'B, 'R>(id: EntityId) : string -> string -> ReferenceEntity<'A, 'B, 'R> =
        fun a b -> FlyteReference.Make<'A, 'B, 'R>(ReferenceKind.Task, id, a, b, "o0", TypeEngine.Default)

    /// A reference launch plan of one input; its output is `o0`.
    static member launchPlan<'A, 'R>(id: EntityId) : string -> ReferenceEntity<'A, 'R> =
        fun a -> FlyteReference.Make<'A, 'R>(ReferenceKind.LaunchPlan, id, a, "o0", TypeEngine.Default)

    /// A node running a reference without inputs, as a function of unit.
    static member node(reference: ReferenceEntity<'R>) : unit -> WorkflowStep<Promise<'R>> = fun () -> Reference.add<'R> reference []

    /// A node running a one-input reference, as a function of its input.
    static member node(reference: ReferenceEntity<'A, 'R>) : Promise<'A> -> WorkflowStep<Promise<'R>> = fun a -> Reference.add<'R> reference [ a ]

    /// A node running a two-input reference, as a curried function of its inputs.
    static member node(reference: ReferenceEntity<'A, 'B, 'R>) : Promise<'A> -> Promise<'B> -> WorkflowStep<Promise<'R>> =
        fun a b -> Reference.add<'R> reference [ a; b ]

    /// A node running a three-input reference, as a curried function of its inputs.
    static member node(reference: ReferenceEntity<'A, 'B, 'C, 'R>) : Promise<'A> -> Promise<'B> -> Promise<'C> -> WorkflowStep<Promise<'R>> =
        fun a b c -> Reference.add<'R> reference [ a; b; c ]

    static member private add<'R> (reference: ReferenceEntity) (arguments: IPromise list) : WorkflowStep<Promise<'R>> =
        WorkflowStep(fun draft ->
            let struct (next, node) = draft.AddNode(reference.Target, Array.ofList arguments)
            WorkflowDraft.Output<'R> node, next)
