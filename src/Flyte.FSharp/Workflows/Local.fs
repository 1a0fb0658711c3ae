namespace Flyte.FSharp

open Flyte.Execution
open Flyte.Execution.Local
open Flyte.Tasks
open Flyte.Workflows

/// Runs workflows and tasks in this process with the local interpreter, from scripts and tests:
/// `let sum, res = Local.run wf {| x = 10; y = 20 |}`. Values still cross every edge as literals.
[<RequireQualifiedAccess>]
module Local =
    /// Interpreter options with the F# type engine.
    [<CompiledName("Options")>]
    let options: InterpreterOptions = InterpreterOptions(Engine = FSharpTypeEngine.Default)

    /// Runs `workflow` with `options` on `inputs` (an anonymous record or object whose properties are the inputs)
    /// and returns the whole result: outputs as literals and one record per node.
    [<CompiledName("Execute")>]
    let execute (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : WorkflowResult =
        LocalInterpreter(options).RunAsync(workflow, inputs).GetAwaiter().GetResult()

    /// Runs `workflow` with `options` and converts its outputs to 'T (one output, or a tuple of them).
    [<CompiledName("RunWith")>]
    let runWith<'T> (options: InterpreterOptions) (workflow: WorkflowSpec) (inputs: obj) : 'T =
        let interpreter = LocalInterpreter(options)
        let result = interpreter.RunAsync(workflow, inputs).GetAwaiter().GetResult()
        result.OutputsAsync<'T>(interpreter).GetAwaiter().GetResult()

    /// Runs `workflow` with the F# type engine and converts its outputs to 'T.
    [<CompiledName("Run")>]
    let run<'T> (workflow: WorkflowSpec) (inputs: obj) : 'T = runWith<'T> options workflow inputs

    /// A one-node workflow around a one-input task, named after the task, its input named as the task's.
    [<CompiledName("WorkflowOf")>]
    let workflowOf (task: FlyteTask<'A, 'R>) : WorkflowSpec =
        let input = task.Spec.Interface.Inputs[0].Name
        Workflow.build task.Name task.Engine (Workflow.input<'A> input |> Workflow.bind (Workflow.call task))

    /// Runs a one-input task on `input` (as `flyte.run(task, input)` does) and returns its result.
    [<CompiledName("RunTask")>]
    let runTask (task: FlyteTask<'A, 'R>) (input: 'A) : 'R =
        let interpreter = LocalInterpreter(InterpreterOptions(Engine = task.Engine))
        let workflow = workflowOf task
        let context = Flyte.Types.TransformerContext(task.Engine, Services = interpreter.Services)
        let literal = task.Engine.ToLiteralAsync<'A>(input, context).AsTask().GetAwaiter().GetResult()
        let inputs = Flyte.LiteralMap(Flyte.ValueMap<Flyte.Literal>.Empty.SetItem(workflow.Interface.Inputs[0].Name, literal))
        let result = interpreter.RunAsync(workflow, inputs).GetAwaiter().GetResult()
        result.OutputsAsync<'R>(interpreter).GetAwaiter().GetResult()
