// Seeds 002 and 004, "Using Flyte Pickle": a plain class no transformer knows travels as an opaque object (with a
// warning naming it); a list of them with BatchSize(2) is written as one file per batch of two.
//
//   dotnet fsi docs/examples/pickle.fsx
#load "flyte.fsx"

open Flyte
open Flyte.Execution
open Flyte.Execution.Local
open Flyte.FSharp
open Flyte.Storage
open Flyte.Types
open Flyte.Types.Fallback
open Flyte.Types.Offloaded

/// A user-defined class, neither a record nor a union: it falls back to the opaque-object form.
type People(name: string) =
    member val name = name with get, set

/// Objects can be returned as outputs or accepted as inputs.
let greet (name: string) : People = People name

let greetT = Task.ofFunc <@ greet @>

let welcome =
    workflow "welcome" {
        let! name = Workflow.input<string> "name"
        return! greetT name
    }

// By default a list of unknown objects is one file per element; BatchSize(2) writes one file per two of them.
let greet_all (names: string list) : [<return: BatchSize(2)>] People array = names |> List.map People |> Array.ofList

let greetAll = Task.define <@ greet_all @>

let welcome_all =
    workflow "welcome_all" {
        let! names = Workflow.input<string list> "names"
        return! Task.node greetAll names
    }

// The seeds' __main__ blocks.
if Script.IsMain then
    let welcomed: People = Local.run welcome {| name = "Foo" |}
    printfn "welcome: %s" welcomed.name

    // The batched list is read back with the same BatchSize, through the interpreter's store.
    let interpreter = LocalInterpreter(Local.options)
    let result = interpreter.RunAsync(welcome_all, {| names = [ "f"; "o"; "o" ] |}).GetAwaiter().GetResult()
    let literal = result.Outputs.Literals["o0"]
    let batched = BatchedFallback.Wrap(typeof<People array>, 2)
    let context = TransformerContext(Local.options.Engine, Services = interpreter.Services)
    let everyone = batched.ToValueAsync(literal, context).AsTask().GetAwaiter().GetResult() :?> People array
    printfn "welcome_all: %s" (everyone |> Array.map (fun p -> p.name) |> String.concat ", ")

    // Two files: one holding two People, one holding one.
    match literal.Value with
    | :? Blob as blob ->
        let files = FlyteDirectory.FromUri(blob.Uri, "", BlobStoreRouter.Local).ListAsync().GetAwaiter().GetResult()
        printfn "welcome_all wrote %d files" files.Count
    | other -> failwithf "Expected a multipart blob, found %O" other
