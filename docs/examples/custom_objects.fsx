// Seed 000, "Using custom objects": records between tasks (Datum, with an int-keyed map), and a record holding a
// dataset, a file and a directory (Result) whose contents are read only when the receiving task opens them.
//
//   dotnet fsi docs/examples/custom_objects.fsx
#load "flyte.fsx"

open System.IO
open Flyte.FSharp
open Flyte.Types.Offloaded

/// A simple custom type: an F# record is the dataclass, sent between tasks as msgpack.
type Datum = { x: int; y: string; z: Map<int, string> }

/// One row of the seed's DataFrame.
type Person = { Name: string; Age: int }

/// A record of offloaded values: the dataset (flytekit's schema), a file and a directory travel by reference.
type Result = { schema: FlyteDataset; file: FlyteFile; directory: FlyteDirectory }

/// A record return is one structured output.
let stringify (x: int) : Datum = { x = x; y = string x; z = Map.ofList [ (x, string x) ] }

/// Records arrive as records; a literal that does not match the record fails the task.
let add (x: Datum) (y: Datum) : Datum = { x = x.x + y.x; y = x.y + y.y; z = x.z }

let people = [ { Name = "Tom"; Age = 20 }; { Name = "Joseph"; Age = 22 } ]

/// Writes rows as one parquet file (the seed's df.to_parquet(path)); the codec writes flytekit's 00000 in a folder.
let toParquet (rows: Person list) (path: string) =
    let scratch = Directory.CreateTempSubdirectory("flyte-").FullName
    ParquetDatasetCodec<Person>().WriteAsync(rows, Flyte.Storage.BlobStoreRouter.Local, scratch, System.Threading.CancellationToken.None).GetAwaiter().GetResult()
    File.Move(Path.Combine(scratch, ParquetDatasetCodec<Person>.FileName), path)

/// Files, directories and datasets are uploaded when they leave the task. As in the seed, the dataset is the folder
/// holding schema.parquet (a parquet dataset reads every data file of its folder), and the directory is that folder too.
let upload_result () : Result =
    let tempDir = Directory.CreateTempSubdirectory("flyte-").FullName
    toParquet people (Path.Combine(tempDir, "schema.parquet"))
    let filePath = Path.GetTempFileName()
    File.WriteAllText(filePath, "Hello world!")
    { schema = FlyteDataset.FromUri(tempDir, "parquet")
      file = FlyteFile.FromLocalPath filePath
      directory = FlyteDirectory.FromLocalPath tempDir }

/// The dataset, file and directory are downloaded lazily: only when they are read here.
let download_result (res: Result) : unit =
    let rows = res.schema.ReadAsync<Person>().GetAwaiter().GetResult() |> List.ofSeq
    if rows <> people then failwithf "The dataset came back as %A" rows
    let text = res.file.ReadAllTextAsync().GetAwaiter().GetResult()
    if text <> "Hello world!" then failwithf "The file came back as %A" text
    let names = res.directory.ListAsync().GetAwaiter().GetResult() |> List.ofSeq
    if names <> [ "schema.parquet" ] then failwithf "The directory came back as %A" names

let stringifyT = Task.ofFunc <@ stringify @>
let addT = Task.ofFunc <@ add @>
let uploadResultT = Task.ofFunc <@ upload_result @>
let downloadResult = Task.define <@ download_result @>

/// Records are workflow outputs as well.
let wf =
    workflow "wf" {
        let! x = Workflow.input<int> "x"
        let! y = Workflow.input<int> "y"
        let! dx = stringifyT x
        and! dy = stringifyT y
        let! sum = addT dx dy
        let! res = uploadResultT ()
        return sum, res
    }

// The seed's __main__: run the workflow locally; the records cross every edge as literals.
if Script.IsMain then
    let sum, res = Local.run<Datum * Result> wf {| x = 10; y = 20 |}
    printfn "Datum: x = %d, y = %s, z = %s" sum.x sum.y (sum.z |> Seq.map (fun kv -> $"{kv.Key}: {kv.Value}") |> String.concat ", ")
    printfn "Result: schema %s, file %s, directory %s" res.schema.Format (Path.GetFileName res.file.Uri) (Path.GetFileName(res.directory.Uri.TrimEnd('/')))
    Local.runTask downloadResult res
    printfn "download_result: the dataset, the file and the directory read back as written"
