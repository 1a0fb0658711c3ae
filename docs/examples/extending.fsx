// Seed 003, "Extending Flyte": a type of your own with its own transformer (and the laws it must obey), decorators as
// task middleware, and setup/teardown around a workflow.
//
//   dotnet fsi docs/examples/extending.fsx
#load "flyte.fsx"
#r "bin/FsCheck.dll"
#r "bin/Flyte.Testing.dll"

open System
open FsCheck
open FsCheck.FSharp
open Flyte.Execution
open Flyte.FSharp
open Flyte.FSharp.Json
open Flyte.Testing

// ── Customizing types ──

/// A custom type for coordinates with metadata attached.
type Coordinate = { x: float; y: float; metadata: Map<string, float> }

/// Its transformer, from a JSON encoder/decoder pair (the literal is a msgpack STRUCT, as a dataclass's).
module Coordinate =
    let encode (c: Coordinate) =
        Encode.object [ "x", Encode.float c.x; "y", Encode.float c.y; "metadata", Encode.dict Encode.float c.metadata ]

    let decode =
        Decode.map3 (fun x y metadata -> { x = x; y = y; metadata = metadata })
            (Decode.field "x" Decode.float) (Decode.field "y" Decode.float) (Decode.field "metadata" (Decode.dict Decode.float))

    let transformer = Transformer.ofCodec "Coordinate" encode decode

/// An engine value that knows Coordinate; the tasks and workflows below use it.
let engine = TypeEngine.Default |> TypeEngine.add Coordinate.transformer

// The laws every transformer must obey (round trip, instance of its type, protobuf, guessed type), for generated
// coordinates. JSON has no NaN or infinity, so the values checked are the finite ones a coordinate can hold.
let finite (c: Coordinate) = Double.IsFinite c.x && Double.IsFinite c.y && c.metadata.Values |> Seq.forall Double.IsFinite
let coordinates = ArbMap.defaults |> ArbMap.arbitrary<Coordinate> |> Arb.filter finite
if Script.IsMain then
    Laws.checkWithArb engine coordinates (fun a b -> StructuralEquality.equal (box a) (box b)) 200
    printfn "Coordinate transformer: every law holds"

/// Generate some coordinates.
let generate_coordinates (num: int) : Coordinate list =
    [ for i in 0 .. num - 1 -> { x = float i; y = float (i * i); metadata = Map.ofList [ ("index", float i) ] } ]

/// Select coordinates within a certain x-axis range.
let subset_coordinates (coordinates: Coordinate list) (x_min: float) (x_max: float) : Coordinate list =
    coordinates |> List.filter (fun c -> x_min <= c.x && c.x <= x_max)

let generateCoordinates = Task.define(<@ generate_coordinates @>, engine)
let subsetCoordinates = Task.define(<@ subset_coordinates @>, engine)

let coordinates_wf =
    workflowWith engine "coordinates_wf" {
        let! num = Workflow.input<int> "num"
        let! x_min = Workflow.input<float> "x_min"
        let! x_max = Workflow.input<float> "x_max"
        let! all = Task.node generateCoordinates num
        return! Task.node subsetCoordinates all x_min x_max
    }

if Script.IsMain then
    let subset: Coordinate list = Local.runWith (InterpreterOptions(Engine = engine)) coordinates_wf {| num = 10; x_min = 2.0; x_max = 4.0 |}
    for c in subset do
        printfn "Coordinate x = %g, y = %g, index = %g" c.x c.y c.metadata["index"]

// ── Customizing tasks: decorators are middleware around the task body ──

/// Does something before and after the task body, like the seed's decorator.
let decorator =
    Middleware.create (fun invocation next ->
        async {
            printfn "do something before"
            let! outputs = next invocation
            printfn "do something after"
            return outputs
        })

/// Decorators stack: the first in the list is the outermost, as decorators written top-down.
let timed =
    Middleware.create (fun invocation next ->
        async {
            let watch = System.Diagnostics.Stopwatch.StartNew()
            let! outputs = next invocation
            printfn "%s took less than a second: %b" invocation.Task.Name (watch.Elapsed.TotalSeconds < 1.0)
            return outputs
        })

let add_one (x: int) : int = x + 1

let addOne = Task.define <@ add_one @> |> Task.withMiddleware [ decorator; timed ]

// ── Setup and teardown around a workflow ──

let start_service () : unit = printfn "setup: service started"
let stop_service () : unit = printfn "teardown: service stopped"

let add_one_wf =
    workflow "add_one_wf" {
        do! Workflow.setup (Task.define <@ start_service @>)
        let! x = Workflow.input<int> "x"
        let! y = Task.node addOne x
        do! Workflow.teardown (Task.define <@ stop_service @>)
        return y
    }

if Script.IsMain then
    let result: int = Local.run add_one_wf {| x = 41 |}
    printfn "add_one_wf(x=41) = %d" result
