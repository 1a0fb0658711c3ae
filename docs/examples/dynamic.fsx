// flytesnacks "Dynamic workflows": a dynamic task's body runs at run time and builds a workflow from its inputs' values
// (here one node per letter); the interpreter then runs that workflow, and its outputs are the task's.
//
//   dotnet fsi docs/examples/dynamic.fsx
//   flyte run docs/examples/dynamic.fsx wf --s1 Pear --s2 Earth
#load "flyte.fsx"

open Flyte.FSharp
open Flyte.Tasks
open Flyte.Workflows

/// The letter's place in the alphabet, from 0, lower or upper case alike.
let return_index (character: string) : int =
    let c = character[0]
    if System.Char.IsLower c then int c - int 'a' else int c - int 'A'

/// The frequency list with one more at `list_index`.
let update_list (freq_list: int list) (list_index: int) : int list =
    freq_list |> List.mapi (fun i n -> if i = list_index then n + 1 else n)

/// How many letters the two frequency lists share.
let derive_count (freq1: int list) (freq2: int list) : int =
    List.map2 min freq1 freq2 |> List.sum

let returnIndex = Task.define <@ return_index @>
let updateList = Task.define <@ update_list @>
let deriveCount = Task.define <@ derive_count @>

/// One `return_index` and one `update_list` node per letter of `word`, counting into `freq`.
let rec frequencies (word: char list) (freq: Promise<int list>) : WorkflowStep<Promise<int list>> =
    match word with
    | [] -> Workflow.ret freq
    | letter :: rest ->
        Workflow.constant (string letter)
        |> Workflow.bind (Task.node returnIndex)
        |> Workflow.bind (Task.node updateList freq)
        |> Workflow.bind (frequencies rest)

/// The dynamic task: its workflow has a node per letter of the words it is given.
let count_characters (s1: string) (s2: string) : WorkflowSpec =
    workflow "count_characters" {
        let! zeros = Workflow.constant (List.replicate 26 0)
        let! freq1 = frequencies (List.ofSeq s1) zeros
        let! freq2 = frequencies (List.ofSeq s2) zeros
        return! Task.node deriveCount freq1 freq2
    }

let countCharacters: FlyteTask<string, string, int> = Task.dynamic <@ count_characters @>

/// Counts the letters the two words share.
let wf =
    workflow "wf" {
        let! s1 = Workflow.input<string> "s1"
        let! s2 = Workflow.input<string> "s2"
        return! Task.node countCharacters s1 s2
    }

// The page's __main__ block.
if Script.IsMain then
    printfn "wf(Pear, Earth) = %d" (Local.run<int> wf {| s1 = "Pear"; s2 = "Earth" |})
