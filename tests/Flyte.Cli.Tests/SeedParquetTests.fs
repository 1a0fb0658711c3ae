/// Seed 000's download_result reads a parquet dataset written by another implementation (hyparquet-writer, npm, as
/// pyarrow writes a pandas frame), through `flyte run` with the record input a Python caller would send.
module Flyte.Cli.Tests.SeedParquetTests

open System
open System.Diagnostics
open System.IO
open Expecto
open Xunit
open Flyte.Cli.Tests.CliProcess

/// Writes schema.parquet of (Name, Age) rows into a new folder with tests/js/parquet-check.mjs.
let private parquetFolder (rows: (string * int) list) =
    let folder = Directory.CreateTempSubdirectory("flyte-seed000-").FullName
    let cells f = rows |> List.map f |> String.concat ","
    let input =
        $"""{{"columns":[{{"name":"Name","type":"STRING","data":[{cells (fun (n, _) -> $"\"{n}\"")}]}},"""
        + $"""{{"name":"Age","type":"INT64","data":[{cells (fun (_, a) -> $"{{\"int\":\"{a}\"}}")}]}}]}}"""
    let info = ProcessStartInfo("node", RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repoRoot)
    for a in [ Path.Combine(repoRoot, "tests", "js", "parquet-check.mjs"); "write"; Path.Combine(folder, "schema.parquet") ] do
        info.ArgumentList.Add a
    use p = Process.Start info |> nonNull
    p.StandardInput.Write input
    p.StandardInput.Close()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit(TimeSpan.FromMinutes 1.0)) then p.Kill true; failwith "node did not finish in a minute"
    Assert.True((p.ExitCode = 0), err.Result)
    folder

let private downloadResult (folder: string) =
    let file = Path.Combine(Directory.CreateTempSubdirectory("flyte-seed000-").FullName, "hello")
    File.WriteAllText(file, "Hello world!")
    let res = $"""{{"schema": {{"uri": "{folder}", "file_format": "parquet"}}, "file": {{"path": "{file}"}}, "directory": {{"path": "{folder}"}}}}"""
    run [ "run"; Path.Combine(repoRoot, "docs", "examples", "custom_objects.fsx"); "download_result"; "--res"; res ]

/// One test at a time within this list, other lists alongside (as xunit ran a module's tests): they start flyte
/// processes and share this run's script cache.
[<Tests>]
let tests =
    testSequencedGroup "SeedParquet" <| testList "SeedParquet" [
        testCase "seed 000 download_result reads the seed's rows from a parquet file written by hyparquet" <| fun () ->
            let r = downloadResult (parquetFolder [ "Tom", 20; "Joseph", 22 ])
            Assert.True((r.ExitCode = 0), r.Stderr)
            Assert.Contains("download_result succeeded", r.Stderr)

        testCase "seed 000 download_result fails on other rows, so the rows were read" <| fun () ->
            let r = downloadResult (parquetFolder [ "Tom", 20; "Joseph", 21 ])
            Assert.Equal(1, r.ExitCode)
            Assert.Contains("The dataset came back as", r.Stderr)
    ]
