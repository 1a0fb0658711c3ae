namespace Flyte.FSharp

open System
open System.Collections.Concurrent
open System.Reflection
open System.Threading
open System.Threading.Tasks
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Flyte.Tasks
open Flyte.Types
open Flyte.Workflows

/// Tasks from ordinary F# functions. The quotation gives the task its name (the function's name) and its input names
/// (the function's parameter names): `Task.define <@ stringify @>`. The function must be a module-level function or
/// a static method. F# cannot overload a function on the arity of another, so the arity is in the name:
/// `define0` (unit input), `define`, `define2`, `define3`, and `…Async` for functions returning `Async<'T>`.
[<RequireQualifiedAccess>]
module Task =
    let rec private methodOf (expr: Expr) : MethodInfo =
        match expr with
        | Lambda(_, body) -> methodOf body
        | Let(_, _, body) -> methodOf body
        | Call(None, method, _) -> method
        | _ -> invalidArg "f" $"Quote a module-level function or static method, e.g. <@ stringify @>; got {expr}."

    let private invoke (method: MethodInfo) (args: objnull array) : objnull =
        let parameters = method.GetParameters()
        let actual = if parameters.Length = 0 then [||] else args
        method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, actual, null)

    let private sync (method: MethodInfo) =
        Func<objnull array, CancellationToken, Task<objnull>>(fun args _ -> Task.FromResult(invoke method args))

    let private asyncBody (method: MethodInfo) (start: objnull -> CancellationToken -> Task<objnull>) =
        Func<objnull array, CancellationToken, Task<objnull>>(fun args ct -> start (invoke method args) ct)

    let private startAsync<'R> (value: objnull) (ct: CancellationToken) : Task<objnull> =
        task {
            match value with
            | :? Async<'R> as computation ->
                let! result = Async.StartAsTask(computation, cancellationToken = ct)
                return (box result : objnull)
            | _ -> return raise (InvalidOperationException "The task function did not return an Async.")
        }

    /// A task without inputs from `f: unit -> 'R`, types from `engine`.
    [<CompiledName("Define0With")>]
    let define0With (engine: TypeEngine) (f: Expr<unit -> 'R>) : FlyteTask<'R> =
        let m = methodOf f
        FlyteTask<'R>.Create(m.Name, m.GetParameters(), sync m, engine, m.ReturnParameter)

    /// A task with one input from `f: 'A -> 'R`, types from `engine`.
    [<CompiledName("DefineWith")>]
    let defineWith (engine: TypeEngine) (f: Expr<'A -> 'R>) : FlyteTask<'A, 'R> =
        let m = methodOf f
        FlyteTask<'A, 'R>.Create(m.Name, m.GetParameters(), sync m, engine, m.ReturnParameter)

    /// A task with two inputs from `f: 'A -> 'B -> 'R`, types from `engine`.
    [<CompiledName("Define2With")>]
    let define2With (engine: TypeEngine) (f: Expr<'A -> 'B -> 'R>) : FlyteTask<'A, 'B, 'R> =
        let m = methodOf f
        FlyteTask<'A, 'B, 'R>.Create(m.Name, m.GetParameters(), sync m, engine, m.ReturnParameter)

    /// A task with three inputs from `f: 'A -> 'B -> 'C -> 'R`, types from `engine`.
    [<CompiledName("Define3With")>]
    let define3With (engine: TypeEngine) (f: Expr<'A -> 'B -> 'C -> 'R>) : FlyteTask<'A, 'B, 'C, 'R> =
        let m = methodOf f
        FlyteTask<'A, 'B, 'C, 'R>.Create(m.Name, m.GetParameters(), sync m, engine, m.ReturnParameter)

    /// A task with one input from `f: 'A -> Async<'R>`, types from `engine`; cancelled on timeout.
    [<CompiledName("DefineAsyncWith")>]
    let defineAsyncWith (engine: TypeEngine) (f: Expr<'A -> Async<'R>>) : FlyteTask<'A, 'R> =
        let m = methodOf f
        FlyteTask<'A, 'R>.Create(m.Name, m.GetParameters(), asyncBody m startAsync<'R>, engine, m.ReturnParameter)

    /// A task with two inputs from `f: 'A -> 'B -> Async<'R>`, types from `engine`; cancelled on timeout.
    [<CompiledName("Define2AsyncWith")>]
    let define2AsyncWith (engine: TypeEngine) (f: Expr<'A -> 'B -> Async<'R>>) : FlyteTask<'A, 'B, 'R> =
        let m = methodOf f
        FlyteTask<'A, 'B, 'R>.Create(m.Name, m.GetParameters(), asyncBody m startAsync<'R>, engine, m.ReturnParameter)

    /// `define0With` with the F# type engine.
    [<CompiledName("Define0")>]
    let define0 f = define0With FSharpTypeEngine.Default f

    /// `defineWith` with the F# type engine.
    [<CompiledName("Define")>]
    let define f = defineWith FSharpTypeEngine.Default f

    /// `define2With` with the F# type engine.
    [<CompiledName("Define2")>]
    let define2 f = define2With FSharpTypeEngine.Default f

    /// `define3With` with the F# type engine.
    [<CompiledName("Define3")>]
    let define3 f = define3With FSharpTypeEngine.Default f

    /// `defineAsyncWith` with the F# type engine.
    [<CompiledName("DefineAsync")>]
    let defineAsync f = defineAsyncWith FSharpTypeEngine.Default f

    /// `define2AsyncWith` with the F# type engine.
    [<CompiledName("Define2Async")>]
    let define2Async f = define2AsyncWith FSharpTypeEngine.Default f

    /// The task under another name: `Task.define <@ f @> |> Task.named "process_batch"`.
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

    /// A workflow node of a one-input task, as a function of its input: `let! d = Task.node t x`.
    [<CompiledName("Node")>]
    let node (task: FlyteTask<'A, 'R>) : Promise<'A> -> WorkflowStep<Promise<'R>> = Workflow.call task

    /// A workflow node of a task without inputs, as a function of unit.
    [<CompiledName("Node0")>]
    let node0 (task: FlyteTask<'R>) : unit -> WorkflowStep<Promise<'R>> = fun () -> Workflow.call0 task

    /// A workflow node of a two-input task, as a curried function of its inputs.
    [<CompiledName("Node2")>]
    let node2 (task: FlyteTask<'A, 'B, 'R>) : Promise<'A> -> Promise<'B> -> WorkflowStep<Promise<'R>> = Workflow.call2 task

    /// A workflow node of a three-input task, as a curried function of its inputs.
    [<CompiledName("Node3")>]
    let node3 (task: FlyteTask<'A, 'B, 'C, 'R>) : Promise<'A> -> Promise<'B> -> Promise<'C> -> WorkflowStep<Promise<'R>> =
        Workflow.call3 task

    /// `define` then `node`: `let stringifyT = Task.ofFunc <@ stringify @>` and then `let! d = stringifyT x`.
    [<CompiledName("OfFunc")>]
    let ofFunc f = define f |> node

    /// `define0` then `node0`.
    [<CompiledName("OfFunc0")>]
    let ofFunc0 f = define0 f |> node0

    /// `define2` then `node2`.
    [<CompiledName("OfFunc2")>]
    let ofFunc2 f = define2 f |> node2

    /// `define3` then `node3`.
    [<CompiledName("OfFunc3")>]
    let ofFunc3 f = define3 f |> node3

    let private called = ConcurrentDictionary<MethodInfo, FlyteTask>()

    /// Calls a task from inside another task's body: `batch.requests |> List.map (Task.call <@ predict_one @>)`.
    /// The call crosses the literal boundary and is a child action of the running task.
    [<CompiledName("Call")>]
    let call (f: Expr<'A -> 'R>) : 'A -> Async<'R> =
        let task = called.GetOrAdd(methodOf f, fun _ -> define f :> FlyteTask) :?> FlyteTask<'A, 'R>
        fun a -> async {
            let! ct = Async.CancellationToken
            return! task.CallAsync(a, ct) |> Async.AwaitTask
        }

/// Middleware from F# functions: `Middleware.create (fun invocation next -> async { … let! outputs = next invocation … })`.
[<RequireQualifiedAccess>]
module Middleware =
    /// Middleware running `f` around the rest of the pipeline (`next`).
    [<CompiledName("Create")>]
    let create (f: TaskInvocation -> (TaskInvocation -> Async<Flyte.LiteralMap>) -> Async<Flyte.LiteralMap>) : ITaskMiddleware =
        TaskMiddleware.Create(fun invocation next ->
            let rest (i: TaskInvocation) = next.Invoke i |> Async.AwaitTask
            Async.StartAsTask(f invocation rest, cancellationToken = invocation.CancellationToken))
