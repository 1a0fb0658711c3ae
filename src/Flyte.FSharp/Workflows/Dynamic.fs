namespace Flyte.FSharp

open System.Threading
open System.Threading.Tasks
open Microsoft.FSharp.Quotations
open Flyte.Tasks
open Flyte.Types
open Flyte.Workflows

/// How a quoted function returning a `workflow { }` value becomes a dynamic task's body.
module internal DynamicBodies =
    /// The body of `inputs` inputs building the workflow, its engine `engine` (the F# default when None).
    let build (inputs: int) (f: Expr) (engine: TypeEngine option) =
        let struct (m, engine, body) = TaskBodies.sync inputs f engine
        let build (args: objnull array) (ct: CancellationToken) : Task<WorkflowSpec> =
            task {
                let! built = body.Invoke(args, ct)
                return
                    match built with
                    | :? WorkflowSpec as workflow -> workflow
                    | _ -> invalidOp $"The dynamic task function {m.Name} returned no workflow."
            }
        struct (m, engine, System.Func<objnull array, CancellationToken, Task<WorkflowSpec>>(build))

/// `Task.dynamic`: flytekit's `@dynamic`. The quoted function gets the task's inputs and returns the workflow to run
/// (a `workflow "…" { }` using them as constants); the interpreter runs it and its outputs become the task's. The
/// output type comes from the annotation: `let countT : FlyteTask<string, string, int> = Task.dynamic <@ count_characters @>`.
[<AutoOpen>]
module TaskDynamicMembers =
    type System.Threading.Tasks.Task with
        /// A dynamic task with one input from `f: 'A -> WorkflowSpec`.
        static member dynamic(f: Expr<'A -> WorkflowSpec>, ?engine: TypeEngine) : FlyteTask<'A, 'R> =
            let struct (m, engine, build) = DynamicBodies.build 1 f engine
            FlyteTask<'A, 'R>.CreateDynamic(m.Name, m.GetParameters(), build, engine)

        /// A dynamic task with two inputs from `f: 'A -> 'B -> WorkflowSpec`.
        static member dynamic(f: Expr<'A -> 'B -> WorkflowSpec>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'R> =
            let struct (m, engine, build) = DynamicBodies.build 2 f engine
            FlyteTask<'A, 'B, 'R>.CreateDynamic(m.Name, m.GetParameters(), build, engine)

        /// A dynamic task with three inputs from `f: 'A -> 'B -> 'C -> WorkflowSpec`.
        static member dynamic(f: Expr<'A -> 'B -> 'C -> WorkflowSpec>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'C, 'R> =
            let struct (m, engine, build) = DynamicBodies.build 3 f engine
            FlyteTask<'A, 'B, 'C, 'R>.CreateDynamic(m.Name, m.GetParameters(), build, engine)
