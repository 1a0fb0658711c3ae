// Control flow that must not compile: a float input compared with a string, and a map over a promise that is not a list.
#load "flyte.fsx"

open Flyte.FSharp

let square (n: float) : float = n * n
let squareT = Task.define <@ square @>

let compared =
    workflow "compared" {
        let! x = Workflow.input<float> "x"
        let! result =
            Branch.conditional "mistyped"
            |> Branch.ifThen (x .>= "0.1") (Task.node squareT x)
            |> Branch.orElse (Task.node squareT x)
        return result
    }

let mapped =
    workflow "mapped" {
        let! x = Workflow.input<float> "x"
        let! squares = MapTask.over squareT x
        return squares
    }
