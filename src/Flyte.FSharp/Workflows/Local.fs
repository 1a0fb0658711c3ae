namespace Flyte.FSharp

open Flyte.Execution
open Flyte.Execution.Local
open Flyte.Tasks
open Flyte.Workflows

/// Runs workflows and tasks in this process with the local interpreter, from scripts and tests:
/// `let sum, res = Local.run wf {| x = 10; y = 20 |}`. Values still cross every edge as literals. Each blocking
/// function has an `…Async` twin returning `Async<'T>` (cancelled with the computation's token):
/// `let! sum, res = Local.runAsync wf {| x = 10; y = 20 |}`.
[<RequireQualifiedAccess>]
module Local =
    /// Interpreter options with `TypeEngine.Default`.
    [<CompiledName("Options")>]
    let options: InterpreterOptions = InterpreterOptions(Engine = TypeEngine.Default)

    /// Runs `workflow` with `options` on `inputs` (an anonymous record or object whose properties are the inputs)
    /// and returns the whole result: outputs as literals and one record per node.
    [<CompiledName("ExecuteAsync")>]
    let executeAsync (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : Async<WorkflowResult> =
        async {
            let! ct = Async.CancellationToken
            return! LocalInterpreter(options).RunAsync(workflow, inputs, ct) |> Awaits.task
        }

    /// Runs `workflow` with `options` and converts its outputs to 'T (one output, or a tuple of them).
    [<CompiledName("RunWithAsync")>]
    let runWithAsync<'T> (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : Async<'T> =
        async {
            let! ct = Async.CancellationToken
            let interpreter = LocalInterpreter(options)
            let! result = interpreter.RunAsync(workflow, inputs, ct) |> Awaits.task
            return! result.OutputsAsync<'T>(interpreter, ct) |> Awaits.task
        }

    /// Runs `workflow` with `TypeEngine.Default` and converts its outputs to 'T.
    [<CompiledName("RunAsync")>]
    let runAsync<'T> (workflow: WorkflowSpec) (inputs: obj) : Async<'T> = runWithAsync<'T> options workflow inputs

    /// A one-node workflow around a one-input task, named after the task, its input named as the task's.
    [<CompiledName("WorkflowOf")>]
    let workflowOf (task: FlyteTask<'A, 'R>) : WorkflowSpec =
        let input = task.Spec.Interface.Inputs[0].Name
        Workflow.build task.Name task.Engine (Workflow.input<'A> input |> Workflow.bind (Task.node task))

    /// Runs a one-input task on `input` (as `flyte.run(task, input)` does) with the task's engine and returns its result.
    [<CompiledName("RunTaskAsync")>]
    let runTaskAsync (task: FlyteTask<'A, 'R>) (input: 'A) : Async<'R> =
        async {
            let! ct = Async.CancellationToken
            let interpreter = LocalInterpreter(InterpreterOptions(Engine = task.Engine))
            let workflow = workflowOf task
            let context = Flyte.Types.TransformerContext(task.Engine, Services = interpreter.Services, CancellationToken = ct)
            let! literal = task.Engine.ToLiteralAsync<'A>(input, context).AsTask() |> Awaits.task
            let inputs = Flyte.LiteralMap(Flyte.ValueMap<Flyte.Literal>.Empty.SetItem(workflow.Interface.Inputs[0].Name, literal))
            let! result = interpreter.RunAsync(workflow, inputs, ct) |> Awaits.task
            return! result.OutputsAsync<'R>(interpreter, ct) |> Awaits.task
        }

    /// `executeAsync`, waiting for the result.
    [<CompiledName("Execute")>]
    let execute (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : WorkflowResult =
        executeAsync options workflow inputs |> Async.RunSynchronously

    /// `runWithAsync`, waiting for the result.
    [<CompiledName("RunWith")>]
    let runWith<'T> (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : 'T =
        runWithAsync<'T> options workflow inputs |> Async.RunSynchronously

    /// `runAsync`, waiting for the result.
    [<CompiledName("Run")>]
    let run<'T> (workflow: WorkflowSpec) (inputs: obj) : 'T = runWith<'T> options workflow inputs

    /// `runTaskAsync`, waiting for the result.
    [<CompiledName("RunTask")>]
    let runTask (task: FlyteTask<'A, 'R>) (input: 'A) : 'R = runTaskAsync task input |> Async.RunSynchronously
