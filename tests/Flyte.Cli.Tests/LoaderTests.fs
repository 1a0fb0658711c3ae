module Flyte.Cli.Tests.LoaderTests

open System.IO
open Xunit
open Flyte.Scripting
open Flyte.Cli.Tests.CliProcess

[<Fact>]
let ``the loader finds tasks and workflows of an assembly by Flyte name`` () =
    let loaded = EntityLoader.load (Path.Combine(System.AppContext.BaseDirectory, "Flyte.Cli.Tests.dll"))
    Assert.Equal<string list>([ "double_it"; "double_wf" ], loaded.Names)
    match loaded.Find "double_it" with
    | Entity.Task t -> Assert.Equal("x", t.Interface.Inputs[0].Name)
    | other -> failwith $"expected a task, got {other.Kind}"
    let e = Assert.Throws<EntityLoadException>(fun () -> loaded.Find "nope" |> ignore)
    Assert.Equal(EntityLoadError.NotFound, e.Error)
    Assert.Contains("double_it, double_wf", e.Message)

[<Fact>]
let ``a script reaching Flyte through a flyte.fsx prelude loads too`` () =
    let loaded = EntityLoader.load (fixture "prelude_example.fsx")
    Assert.Equal<string list>([ "shout" ], loaded.Names)

[<Fact>]
let ``Flyte #r lines are redirected to the host's assemblies and the prelude is skipped`` () =
    let host = Path.GetDirectoryName(typeof<Flyte.Tasks.TaskSpec>.Assembly.Location) |> nonNull
    let adapt = ScriptSource.adaptLine "/scripts" "/scripts/a.fsx" host
    let core = Path.Combine(host, "Flyte.Core.dll")
    Assert.Equal("#r @\"" + core + "\"", adapt "#r \"../../src/Flyte.Core/bin/Debug/net10.0/Flyte.Core.dll\"")
    Assert.StartsWith("// flyte: prelude skipped", adapt "#load \"../flyte.fsx\"")
    Assert.Equal("#load @\"/scripts/lib/helpers.fsx\"", adapt "#load \"lib/helpers.fsx\"")
    Assert.Equal("#r \"nuget: Foo, 1.0\"", adapt "#r \"nuget: Foo, 1.0\"")
    Assert.Equal("let d = @\"/scripts\"", adapt "let d = __SOURCE_DIRECTORY__")

[<Fact>]
let ``the fixture scripts also run under plain dotnet fsi`` () =
    let info = System.Diagnostics.ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true)
    for a in [ "fsi"; "--quiet"; "--exec"; fixture "prelude_example.fsx" ] do info.ArgumentList.Add a
    use p = System.Diagnostics.Process.Start info |> nonNull
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()
    Assert.True((p.ExitCode = 0), err)
