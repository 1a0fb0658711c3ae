// The other way to reach the Flyte assemblies: #load a prelude named flyte.fsx, which `flyte run` skips.
#load "flyte.fsx"

open Flyte.FSharp

let shout (text: string) = text.ToUpperInvariant() + "!"
let shoutTask = Task.define <@ shout @>
