namespace Flyte.FSharp

open System
open System.Collections.Concurrent
open System.Reflection
open System.Runtime.CompilerServices
open System.Threading
open System.Threading.Tasks
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Flyte.Tasks
open Flyte.Types
open Flyte.Workflows

/// .NET's `Task`, named in Flyte.FSharp so that `Task.define`, `Task.node`, `Task.ofFunc` and `Task.call` (static
/// extension members on it, below) resolve with only `open Flyte.FSharp`; `: Task` still means .NET's `Task`.
type Task = System.Threading.Tasks.Task

/// Awaiting .NET tasks from `Async` code.
module internal Awaits =
    /// Awaits `task`, raising its own exception (not the AggregateException `Async.AwaitTask` raises) or cancelling.
    let task (task: Task<'T>) : Async<'T> =
        Async.FromContinuations(fun (ok, error, cancelled) ->
            task.ContinueWith(fun (t: Task<'T>) ->
                if t.IsCanceled then cancelled (OperationCanceledException())
                elif t.IsFaulted then
                    let e = nonNull t.Exception
                    error (if e.InnerExceptions.Count = 1 then nonNull e.InnerException else e :> exn)
                else ok t.Result)
            |> ignore)

/// How F# functions become task bodies (shared by every `Task.define` overload).
module internal TaskBodies =
    /// The engine of the F# task whose body is running here, for `Task.call` inside it; null outside task bodies.
    let running = AsyncLocal<TypeEngine | null>()

    let rec methodOf (expr: Expr) : MethodInfo =
        match expr with
        | Lambda(_, body) -> methodOf body
        | Let(_, _, body) -> methodOf body
        | Call(None, method, _) -> method
        | _ -> invalidArg "f" $"Quote a module-level function or static method, e.g. <@ stringify @>; got {expr}."

    /// The quoted method, checked to take `inputs` parameters (the arity its F# type reads as).
    let methodWith (inputs: int) (f: Expr) : MethodInfo =
        let m = methodOf f
        let count = m.GetParameters().Length
        if count <> inputs then
            invalidArg "f" (
                $"{m.Name} has {count} parameter(s) but its type reads as a function of {inputs} input(s). A task's inputs are its "
                + "parameters written curried (let f (a: A) (b: B) = …); a tuple-typed parameter is not a Flyte input.")
        m

    let private invoke (engine: TypeEngine) (method: MethodInfo) (args: objnull array) : objnull =
        let before = running.Value
        running.Value <- engine
        try
            method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, (if args.Length = 0 then [||] else args), null)
        finally
            running.Value <- before

    let private startAsync<'R> (engine: TypeEngine) (method: MethodInfo) (args: objnull array) (ct: CancellationToken) : Task<objnull> =
        task {
            // Set for the whole computation: it flows into the Async started below, and is undone when this method returns.
            running.Value <- engine
            match invoke engine method args with
            | :? Async<'R> as computation ->
                let! result = Async.StartAsTask(computation, cancellationToken = ct)
                return (box result : objnull)
            | _ -> return raise (InvalidOperationException $"The task function {method.Name} did not return an Async.")
        }

    /// A synchronous body of `inputs` inputs, its engine `engine` (the F# default when None).
    let sync (inputs: int) (f: Expr) (engine: TypeEngine option) =
        let m = methodWith inputs f
        let engine = defaultArg engine TypeEngine.Default
        struct (m, engine, Func<objnull array, CancellationToken, Task<objnull>>(fun args _ -> Task.FromResult(invoke engine m args)))

    /// A body returning `Async<'R>`, cancelled with the attempt (on timeout).
    let asynchronous<'R> (inputs: int) (f: Expr) (engine: TypeEngine option) =
        let m = methodWith inputs f
        let engine = defaultArg engine TypeEngine.Default
        struct (m, engine, Func<objnull array, CancellationToken, Task<objnull>>(fun args ct -> startAsync<'R> engine m args ct))

/// The tasks `Task.call` makes from quotations, per engine: a transformer built for one engine never reaches another.
module internal CalledTasks =
    let private byEngine = ConditionalWeakTable<TypeEngine, ConcurrentDictionary<MethodInfo, FlyteTask>>()

    /// Calls the task of `f` made by `define` with the running task's engine (the F# default outside task bodies).
    let call<'T, 'R when 'T :> FlyteTask> (f: Expr) (define: TypeEngine -> 'T) (run: 'T -> CancellationToken -> Task<'R>) : Async<'R> =
        let m = TaskBodies.methodOf f
        async {
            let! ct = Async.CancellationToken
            let engine = match TaskBodies.running.Value with null -> TypeEngine.Default | e -> e
            let tasks = byEngine.GetValue(engine, fun _ -> ConcurrentDictionary<MethodInfo, FlyteTask>())
            let task = tasks.GetOrAdd(m, fun _ -> define engine :> FlyteTask) :?> 'T
            return! run task ct |> Awaits.task
        }

/// `Task.define`, `Task.ofFunc` and `Task.call` for one-input functions. They are in a module opened before
/// `TaskMembers` on purpose: a `unit -> 'R` function also fits `'A -> 'R`, and F# prefers the extension member
/// brought into scope later, so the zero-input overloads there win for it.
[<AutoOpen>]
module TaskOneInputMembers =
    type System.Threading.Tasks.Task with
        /// A task with one input from `f: 'A -> 'R` (a module-level function or static method), named after it, its input
        /// named after its parameter: `Task.define <@ stringify @>`. `engine` defaults to `TypeEngine.Default`.
        static member define(f: Expr<'A -> 'R>, ?engine: TypeEngine) : FlyteTask<'A, 'R> when 'R: equality =
            let struct (m, engine, body) = TaskBodies.sync 1 f engine
            FlyteTask<'A, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task with one input from `f: 'A -> Async<'R>`; the computation is cancelled on timeout.
        static member define(f: Expr<'A -> Async<'R>>, ?engine: TypeEngine) : FlyteTask<'A, 'R> =
            let struct (m, engine, body) = TaskBodies.asynchronous<'R> 1 f engine
            FlyteTask<'A, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// `Task.define` then `Task.node`: `let stringifyT = Task.ofFunc <@ stringify @>`, then `let! d = stringifyT x`.
        static member ofFunc(f: Expr<'A -> 'R>, ?engine: TypeEngine) : Promise<'A> -> WorkflowStep<Promise<'R>> when 'R: equality =
            Workflow.call (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: 'A -> Async<'R>`.
        static member ofFunc(f: Expr<'A -> Async<'R>>, ?engine: TypeEngine) : Promise<'A> -> WorkflowStep<Promise<'R>> =
            Workflow.call (Task.define(f, ?engine = engine))

        /// Calls the task of `f` from inside another task's body, as a child action of it, with the running task's
        /// engine: `batch.requests |> List.map (Task.call <@ predict_one @>) |> Async.Parallel`.
        static member call(f: Expr<'A -> 'R>) : 'A -> Async<'R> when 'R: equality =
            fun a -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, ct))

        /// `Task.call` for `f: 'A -> Async<'R>`.
        static member call(f: Expr<'A -> Async<'R>>) : 'A -> Async<'R> =
            fun a -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, ct))

/// `Task.define`, `Task.ofFunc`, `Task.call` and `Task.node` for tasks of zero, two and three inputs. One name serves
/// every arity: the overload is chosen from the quoted function's type. `'R: equality` on the synchronous forms is
/// what tells them apart from the curried ones (a function is not an equality type) and from the `Async` ones
/// (`Async` is not one either); every Flyte value type satisfies it.
[<AutoOpen>]
module TaskMembers =
    type System.Threading.Tasks.Task with
        /// A task without inputs from `f: unit -> 'R`.
        static member define(f: Expr<unit -> 'R>, ?engine: TypeEngine) : FlyteTask<'R> when 'R: equality =
            let struct (m, engine, body) = TaskBodies.sync 0 f engine
            FlyteTask<'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task without inputs from `f: unit -> Async<'R>`.
        static member define(f: Expr<unit -> Async<'R>>, ?engine: TypeEngine) : FlyteTask<'R> =
            let struct (m, engine, body) = TaskBodies.asynchronous<'R> 0 f engine
            FlyteTask<'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task with two inputs from `f: 'A -> 'B -> 'R`.
        static member define(f: Expr<'A -> 'B -> 'R>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'R> when 'R: equality =
            let struct (m, engine, body) = TaskBodies.sync 2 f engine
            FlyteTask<'A, 'B, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task with two inputs from `f: 'A -> 'B -> Async<'R>`.
        static member define(f: Expr<'A -> 'B -> Async<'R>>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'R> =
            let struct (m, engine, body) = TaskBodies.asynchronous<'R> 2 f engine
            FlyteTask<'A, 'B, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task with three inputs from `f: 'A -> 'B -> 'C -> 'R`.
        static member define(f: Expr<'A -> 'B -> 'C -> 'R>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'C, 'R> when 'R: equality =
            let struct (m, engine, body) = TaskBodies.sync 3 f engine
            FlyteTask<'A, 'B, 'C, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A task with three inputs from `f: 'A -> 'B -> 'C -> Async<'R>`.
        static member define(f: Expr<'A -> 'B -> 'C -> Async<'R>>, ?engine: TypeEngine) : FlyteTask<'A, 'B, 'C, 'R> =
            let struct (m, engine, body) = TaskBodies.asynchronous<'R> 3 f engine
            FlyteTask<'A, 'B, 'C, 'R>.Create(m.Name, m.GetParameters(), body, engine, m.ReturnParameter)

        /// A workflow node of a task without inputs, as a function of unit: `let! n = Task.node answer ()`.
        static member node(task: FlyteTask<'R>) : unit -> WorkflowStep<Promise<'R>> = fun () -> Workflow.call0 task

        /// A workflow node of a one-input task, as a function of its input: `let! d = Task.node stringify x`.
        static member node(task: FlyteTask<'A, 'R>) : Promise<'A> -> WorkflowStep<Promise<'R>> = Workflow.call task

        /// A workflow node of a two-input task, as a curried function of its inputs.
        static member node(task: FlyteTask<'A, 'B, 'R>) : Promise<'A> -> Promise<'B> -> WorkflowStep<Promise<'R>> =
            Workflow.call2 task

        /// A workflow node of a three-input task, as a curried function of its inputs.
        static member node(task: FlyteTask<'A, 'B, 'C, 'R>) : Promise<'A> -> Promise<'B> -> Promise<'C> -> WorkflowStep<Promise<'R>> =
            Workflow.call3 task

        /// `Task.define` then `Task.node` for `f: unit -> 'R`.
        static member ofFunc(f: Expr<unit -> 'R>, ?engine: TypeEngine) : unit -> WorkflowStep<Promise<'R>> when 'R: equality =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: unit -> Async<'R>`.
        static member ofFunc(f: Expr<unit -> Async<'R>>, ?engine: TypeEngine) : unit -> WorkflowStep<Promise<'R>> =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: 'A -> 'B -> 'R`.
        static member ofFunc(f: Expr<'A -> 'B -> 'R>, ?engine: TypeEngine) : Promise<'A> -> Promise<'B> -> WorkflowStep<Promise<'R>> when 'R: equality =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: 'A -> 'B -> Async<'R>`.
        static member ofFunc(f: Expr<'A -> 'B -> Async<'R>>, ?engine: TypeEngine) : Promise<'A> -> Promise<'B> -> WorkflowStep<Promise<'R>> =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: 'A -> 'B -> 'C -> 'R`.
        static member ofFunc(f: Expr<'A -> 'B -> 'C -> 'R>, ?engine: TypeEngine)
            : Promise<'A> -> Promise<'B> -> Promise<'C> -> WorkflowStep<Promise<'R>> when 'R: equality =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.define` then `Task.node` for `f: 'A -> 'B -> 'C -> Async<'R>`.
        static member ofFunc(f: Expr<'A -> 'B -> 'C -> Async<'R>>, ?engine: TypeEngine)
            : Promise<'A> -> Promise<'B> -> Promise<'C> -> WorkflowStep<Promise<'R>> =
            Task.node (Task.define(f, ?engine = engine))

        /// `Task.call` for `f: unit -> 'R`.
        static member call(f: Expr<unit -> 'R>) : unit -> Async<'R> when 'R: equality =
            fun () -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync ct)

        /// `Task.call` for `f: unit -> Async<'R>`.
        static member call(f: Expr<unit -> Async<'R>>) : unit -> Async<'R> =
            fun () -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync ct)

        /// `Task.call` for `f: 'A -> 'B -> 'R`.
        static member call(f: Expr<'A -> 'B -> 'R>) : 'A -> 'B -> Async<'R> when 'R: equality =
            fun a b -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, b, ct))

        /// `Task.call` for `f: 'A -> 'B -> Async<'R>`.
        static member call(f: Expr<'A -> 'B -> Async<'R>>) : 'A -> 'B -> Async<'R> =
            fun a b -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, b, ct))

        /// `Task.call` for `f: 'A -> 'B -> 'C -> 'R`.
        static member call(f: Expr<'A -> 'B -> 'C -> 'R>) : 'A -> 'B -> 'C -> Async<'R> when 'R: equality =
            fun a b c -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, b, c, ct))

        /// `Task.call` for `f: 'A -> 'B -> 'C -> Async<'R>`.
        static member call(f: Expr<'A -> 'B -> 'C -> Async<'R>>) : 'A -> 'B -> 'C -> Async<'R> =
            fun a b c -> CalledTasks.call f (fun e -> Task.define(f, e)) (fun t ct -> t.CallAsync(a, b, c, ct))

/// Changes to typed tasks that keep their type, for pipelines: `Task.define <@ f @> |> Task.named "process_batch"`.
[<RequireQualifiedAccess>]
module Task =
    /// The task under another name.
    [<CompiledName("Named")>]
    let named (name: string) (task: IFlyteTask<'T>) : 'T = task.WithSpec(fun spec -> spec.WithName name)

    /// The task wrapped in middleware; the first in the list is the outermost, like decorators written top-down.
    [<CompiledName("WithMiddleware")>]
    let withMiddleware (middleware: ITaskMiddleware list) (task: IFlyteTask<'T>) : 'T =
        task.WithSpec(fun spec -> spec.WithMiddleware(Array.ofList middleware))

    /// The task retried up to `retries` times on recoverable errors.
    [<CompiledName("WithRetries")>]
    let withRetries (retries: int) (task: IFlyteTask<'T>) : 'T =
        FlyteTaskExtensions.WithRetries(task, retries)

    /// The task cancelled after `timeout` per attempt.
    [<CompiledName("WithTimeout")>]
    let withTimeout (timeout: TimeSpan) (task: IFlyteTask<'T>) : 'T =
        FlyteTaskExtensions.WithTimeout(task, timeout)

/// Middleware from F# functions: `Middleware.create (fun invocation next -> async { … let! outputs = next invocation … })`.
[<RequireQualifiedAccess>]
module Middleware =
    /// Middleware running `f` around the rest of the pipeline (`next`).
    [<CompiledName("Create")>]
    let create (f: TaskInvocation -> (TaskInvocation -> Async<Flyte.LiteralMap>) -> Async<Flyte.LiteralMap>) : ITaskMiddleware =
        TaskMiddleware.Create(fun invocation next ->
            let rest (i: TaskInvocation) = next.Invoke i |> Async.AwaitTask
            Async.StartAsTask(f invocation rest, cancellationToken = invocation.CancellationToken))
