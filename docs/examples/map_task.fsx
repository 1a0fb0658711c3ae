// flytesnacks "Map tasks": a task runs once per element of a list (an ArrayNode on a cluster, one pod per element),
// its outputs collected into a list; other inputs can be bound to one value for every element (flytekit's `partial`),
// and the elements' concurrency and success ratio set.
//
//   dotnet fsi docs/examples/map_task.fsx
//   flyte run docs/examples/map_task.fsx my_map_workflow --a '[1, 2, 3, 4, 5]'
#load "flyte.fsx"

open Flyte.FSharp
open Flyte.Workflows

/// The element plus two, as text.
let a_mappable_task (a: int) : string = string (a + 2)

/// The texts joined.
let coalesce (b: string list) : string = String.concat "" b

let aMappableTask = Task.define <@ a_mappable_task @>
let coalesceT = Task.define <@ coalesce @>

/// Maps `a_mappable_task` over the list and joins what it returns.
let my_map_workflow =
    workflow "my_map_workflow" {
        let! a = Workflow.input<int list> "a"
        let! mapped_out = MapTask.over aMappableTask a
        return! Task.node coalesceT mapped_out
    }

/// A two-input task: the element times a factor bound once for all elements.
let scale (x: int) (factor: int) : int = x * factor

let scaleT = Task.define <@ scale @>

/// Scales every element by the same factor, two elements at a time.
let scaled_workflow =
    workflow "scaled_workflow" {
        let! xs = Workflow.input<int list> "xs"
        let! factor = Workflow.input<int> "factor"
        return! MapTask.partial (MapOptions(Concurrency = 2)) scaleT xs factor
    }

// The page's __main__ block.
if Script.IsMain then
    printfn "my_map_workflow([1; 2; 3; 4; 5]) = %s" (Local.run<string> my_map_workflow {| a = [ 1; 2; 3; 4; 5 ] |})
    let scaled: int list = Local.run scaled_workflow {| xs = [ 1; 2; 3 ]; factor = 10 |}
    printfn "scaled_workflow([1; 2; 3], 10) = %A" scaled
