module Flyte.Cli.Tests.LoaderTests

open System.IO
open Expecto
open Xunit
open Flyte.Scripting
open Flyte.Cli.Tests.CliProcess

/// A script that #loads a helper, in a folder of its own; the helper defines `helperTask` names.
let private scriptWithHelper (helperTasks: string list) =
    let dir = Directory.CreateTempSubdirectory("flyte-cached-script-").FullName
    let helper =
        [ yield "module Helper"
          yield "open Flyte.FSharp"
          for t in helperTasks do
              yield $"let {t} (x: int) = x + 1"
              yield $"let {t}Task = Task.define <@ {t} @>" ]
    File.WriteAllLines(Path.Combine(dir, "helper.fsx"), helper)
    File.WriteAllLines(Path.Combine(dir, "main.fsx"),
        [ "#load \"helper.fsx\""; "open Flyte.FSharp"; "let twice (x: int) = Helper.one x * 2"; "let twiceTask = Task.define <@ twice @>" ])
    dir

/// One test at a time within this list, other lists alongside (as xunit ran a module's tests): they start flyte
/// processes and share this run's script cache.
[<Tests>]
let tests =
    testSequencedGroup "Loader" <| testList "Loader" [
        testCase "the loader finds tasks and workflows of an assembly by Flyte name" <| fun () ->
            let loaded = EntityLoader.load (Path.Combine(System.AppContext.BaseDirectory, "Flyte.Cli.Tests.dll"))
            Assert.Equal<string list>([ "double_it"; "double_wf" ], loaded.Names)
            match loaded.Find "double_it" with
            | Entity.Task t -> Assert.Equal("x", t.Interface.Inputs[0].Name)
            | other -> failwith $"expected a task, got {other.Kind}"
            let e = Assert.Throws<EntityLoadException>(fun () -> loaded.Find "nope" |> ignore)
            Assert.Equal(EntityLoadError.NotFound, e.Error)
            Assert.Contains("double_it, double_wf", e.Message)

        testCase "a script reaching Flyte through a flyte.fsx prelude loads too" <| fun () ->
            scriptCache |> ignore   // this run's cache folder, not the user's
            let loaded = EntityLoader.load (fixture "prelude_example.fsx")
            Assert.Equal<string list>([ "shout" ], loaded.Names)

        testCase "Flyte #r lines are redirected to the host's assemblies and the prelude is skipped" <| fun () ->
            let host = Path.GetDirectoryName(typeof<Flyte.Tasks.TaskSpec>.Assembly.Location) |> nonNull
            let adapt = ScriptSource.adaptLine "/scripts" "/scripts/a.fsx" host
            let core = Path.Combine(host, "Flyte.Core.dll")
            Assert.Equal("#r @\"" + core + "\"", adapt "#r \"../../src/Flyte.Core/bin/Debug/net10.0/Flyte.Core.dll\"")
            Assert.StartsWith("// flyte: prelude skipped", adapt "#load \"../flyte.fsx\"")
            Assert.Equal("#load @\"/scripts/lib/helpers.fsx\"", adapt "#load \"lib/helpers.fsx\"")
            Assert.Equal("#r \"nuget: Foo, 1.0\"", adapt "#r \"nuget: Foo, 1.0\"")
            Assert.Equal("let d = @\"/scripts\"", adapt "let d = __SOURCE_DIRECTORY__")

        testCase "the fixture scripts also run under plain dotnet fsi" <| fun () ->
            let info = System.Diagnostics.ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true)
            for a in [ "fsi"; "--quiet"; "--exec"; fixture "prelude_example.fsx" ] do info.ArgumentList.Add a
            use p = System.Diagnostics.Process.Start info |> nonNull
            let err = p.StandardError.ReadToEnd()
            p.WaitForExit()
            Assert.True((p.ExitCode = 0), err)

        testCase "a cached script loads without compiling and a changed #load-ed file recompiles" <| fun () ->
            scriptCache |> ignore
            let dir = scriptWithHelper [ "one" ]
            let main = Path.Combine(dir, "main.fsx")
            let before = ScriptCache.compilations ()

            let first = EntityLoader.load main
            let afterFirst = ScriptCache.compilations ()
            let second = EntityLoader.load main
            let afterSecond = ScriptCache.compilations ()
            File.WriteAllLines(Path.Combine(dir, "helper.fsx"),
                [ "module Helper"; "open Flyte.FSharp"; "let one (x: int) = x + 1"; "let oneTask = Task.define <@ one @>"
                  "let extra (x: int) = x - 1"; "let extraTask = Task.define <@ extra @>" ])
            let third = EntityLoader.load main

            Assert.Equal(before + 1, afterFirst)
            Assert.Equal(afterFirst, afterSecond)                      // a hit: the compiler was not called
            Assert.Equal<string list>([ "one"; "twice" ], first.Names)
            Assert.Equal<string list>(first.Names, second.Names)
            Assert.Equal(afterSecond + 1, ScriptCache.compilations ()) // the helper changed: compiled again
            Assert.Equal<string list>([ "extra"; "one"; "twice" ], third.Names)
            Directory.Delete(dir, true)

        testCase "a script that does not compile leaves no cache entry and its errors name the script" <| fun () ->
            scriptCache |> ignore
            let dir = Directory.CreateTempSubdirectory("flyte-broken-script-").FullName
            let main = Path.Combine(dir, "broken_script.fsx")
            File.WriteAllLines(main, [ "open Flyte.FSharp"; "let echo (x: int) : string = x + 1" ])

            let e = Assert.Throws<EntityLoadException>(fun () -> EntityLoader.load main |> ignore)

            Assert.Equal(EntityLoadError.ScriptFailed, e.Error)
            Assert.Contains(e.Diagnostics, fun d -> d.StartsWith(main + "(2,", System.StringComparison.Ordinal) && d.Contains "FS0001")
            Assert.DoesNotContain(Directory.GetDirectories scriptCache, fun d -> Directory.GetFiles(d, "broken_script-*.dll").Length > 0)
            Directory.Delete(dir, true)

        testCase "two concurrent runs of a new script both succeed and share one entry, which cache clear removes" <| fun () ->
            let cache = Directory.CreateTempSubdirectory("flyte-concurrent-cache-").FullName
            let dir = scriptWithHelper [ "one" ]
            let main = Path.Combine(dir, "main.fsx")

            let outcomes = [ for _ in 1..2 -> runWithCache cache [ "run"; main; "twice"; "--x"; "20"; "--json" ] ] |> Async.Parallel |> Async.RunSynchronously
            let entries = Directory.GetDirectories cache
            let cleared = runWithCache cache [ "cache"; "clear" ] |> Async.RunSynchronously

            for o in outcomes do
                Assert.True((o.ExitCode = 0), o.Stderr)
                Assert.Contains("42", o.Stdout)
            Assert.Single(entries) |> ignore                                            // the losing compile's copy was discarded
            Assert.DoesNotContain("tmp-", Path.GetFileName entries[0])
            Assert.Equal(0, cleared.ExitCode)
            Assert.Contains("Removed 1 compiled script(s)", cleared.Stdout)
            Assert.Empty(Directory.GetDirectories cache)
            Directory.Delete(dir, true)
            Directory.Delete(cache, true)
    ]
