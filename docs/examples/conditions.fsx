// flytesnacks "Conditions": a branch node chooses which task runs from the workflow's inputs (flytekit's
// `conditional("fractions").if_(…).then(…).else_().then(…)`), a branch can end in an error, and branches nest.
//
//   dotnet fsi docs/examples/conditions.fsx
//   flyte run docs/examples/conditions.fsx multiplier --my_input 0.5
#load "flyte.fsx"

open Flyte.FSharp

/// A float squared.
let square (n: float) : float = n * n

/// A float doubled.
let double (n: float) : float = 2.0 * n

let squareT = Task.define <@ square @>
let doubleT = Task.define <@ double @>

/// Doubles an input between 0.1 and 1.0 (inclusive), squares any other.
let multiplier =
    workflow "multiplier" {
        let! my_input = Workflow.input<float> "my_input"
        return!
            Branch.conditional "fractions"
            |> Branch.ifThen ((my_input .>= 0.1) .&& (my_input .<= 1.0)) (Task.node doubleT my_input)
            |> Branch.orElse (Task.node squareT my_input)
    }

/// Doubles fractions, squares inputs from 1 to 10, and fails on anything else.
let multiplier_2 =
    workflow "multiplier_2" {
        let! my_input = Workflow.input<float> "my_input"
        return!
            Branch.conditional "fractions"
            |> Branch.ifThen ((my_input .> 0.1) .&& (my_input .< 1.0)) (Task.node doubleT my_input)
            |> Branch.elseIf ((my_input .> 1.0) .&& (my_input .<= 10.0)) (Task.node squareT my_input)
            |> Branch.orFail "The input must be between 0 and 10"
    }

/// A branch inside a branch: fractions below 0.5 are doubled, the others squared; inputs above 1 are doubled.
let nested_conditions =
    workflow "nested_conditions" {
        let! my_input = Workflow.input<float> "my_input"
        let! result =
            Branch.conditional "fractions"
            |> Branch.ifThen ((my_input .> 0.1) .&& (my_input .< 1.0)) (
                Branch.conditional "inner_fractions"
                |> Branch.ifThen (my_input .< 0.5) (Task.node doubleT my_input)
                |> Branch.orElse (Task.node squareT my_input))
            |> Branch.orElse (Task.node doubleT my_input)
        // A branch's output flows downstream like any node's.
        return! Task.node squareT result
    }

// The page's __main__ block.
if Script.IsMain then
    printfn "multiplier(0.5) = %g" (Local.run<float> multiplier {| my_input = 0.5 |})
    printfn "multiplier(3) = %g" (Local.run<float> multiplier {| my_input = 3.0 |})
    printfn "multiplier_2(5) = %g" (Local.run<float> multiplier_2 {| my_input = 5.0 |})
    try
        Local.run<float> multiplier_2 {| my_input = 20.0 |} |> ignore
    with e ->
        printfn "multiplier_2(20) failed: %s" e.Message
    printfn "nested_conditions(0.3) = %g" (Local.run<float> nested_conditions {| my_input = 0.3 |})
    printfn "nested_conditions(0.8) = %g" (Local.run<float> nested_conditions {| my_input = 0.8 |})
