/// Entities compiled into this test assembly, for the loader and for `flyte run` on a .dll.
module Flyte.Cli.Tests.Samples

open Flyte.FSharp

let double_it (x: int) = x * 2

let doubleIt = Task.define <@ double_it @>

let double_wf = workflow "double_wf" {
    let! x = Workflow.input<int> "x"
    let! y = Task.node doubleIt x
    return y
}
