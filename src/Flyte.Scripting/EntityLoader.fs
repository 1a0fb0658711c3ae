namespace Flyte.Scripting

open System
open System.Collections.Generic
open System.IO
open System.Reflection
open FSharp.Compiler.CodeAnalysis
open FSharp.Compiler.Diagnostics
open FSharp.Compiler.Text
open FSharp.Compiler.Interactive.Shell
open Flyte.Tasks
open Flyte.Types
open Flyte.FSharp
open Flyte.Workflows

/// Finds tasks and workflows in a built assembly (.dll) or an F# script (.fsx).
///
/// Entities are the public static fields and properties (F# module-level values are static properties) whose declared
/// type is a `TaskSpec`, a typed task (`FlyteTask`, `FlyteTask<…>` or anything implementing `IFlyteTask<…>`) or a
/// `WorkflowSpec`, keyed by their Flyte name. A value of type `TypeEngine` is reported as the file's engine.
[<RequireQualifiedAccess>]
module EntityLoader =
    let private flags = BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly

    let private isTypedTask (t: Type) =
        typeof<FlyteTask>.IsAssignableFrom t
        || t.GetInterfaces() |> Array.exists (fun i -> i.IsGenericType && i.GetGenericTypeDefinition() = typedefof<IFlyteTask<_>>)

    let private isInteresting (t: Type) =
        t = typeof<TaskSpec> || t = typeof<WorkflowSpec> || t = typeof<LaunchPlanSpec> || typeof<TypeEngine>.IsAssignableFrom t || isTypedTask t

    let private specOf (value: obj) : TaskSpec option =
        match value with
        | :? TaskSpec as spec -> Some spec
        | :? FlyteTask as task -> Some task.Spec
        | _ ->
            match value.GetType().GetProperty("Spec", typeof<TaskSpec>) with
            | null -> None
            | p -> p.GetValue value |> Option.ofObj |> Option.map unbox<TaskSpec>

    let private typesOf (assembly: Assembly) : Type array =
        try assembly.GetTypes()
        with :? ReflectionTypeLoadException as e -> e.Types |> Array.choose Option.ofObj

    /// The entities among the static members of `assemblies`; `source` names them in messages.
    let ofAssemblies (source: string) (assemblies: Assembly seq) : LoadedEntities =
        let tasks = Dictionary<string, TaskSpec>(StringComparer.Ordinal)
        let workflows = Dictionary<string, WorkflowSpec>(StringComparer.Ordinal)
        let launchPlans = Dictionary<string, LaunchPlanSpec>(StringComparer.Ordinal)
        let mutable engine = None
        for assembly in assemblies do
            for t in typesOf assembly do
                if not t.ContainsGenericParameters then
                    let members: (Type * (unit -> objnull)) seq =
                        Seq.append
                            (t.GetFields flags |> Seq.map (fun f -> f.FieldType, (fun () -> f.GetValue null)))
                            (t.GetProperties flags
                             |> Seq.filter (fun p -> p.CanRead && p.GetIndexParameters().Length = 0 && (match p.GetMethod with null -> false | g -> g.IsPublic))
                             |> Seq.map (fun p -> p.PropertyType, (fun () -> p.GetValue null)))
                    for declared, read in members do
                        if isInteresting declared then
                            match read () with
                            | null -> ()
                            | :? WorkflowSpec as w -> workflows[w.Name] <- w
                            | :? LaunchPlanSpec as p -> launchPlans[p.Name] <- p
                            | :? TypeEngine as e -> if engine.IsNone then engine <- Some e
                            | value ->
                                match specOf value with
                                | Some spec -> tasks[spec.Name] <- spec
                                | None -> ()
        // A task used only inside a workflow (e.g. `Task.ofFunc <@ greet @>`) is still a task of the file: the local
        // cluster and a cluster's containers start it by name with `flyte execute -- file task`.
        let rec addUsed (workflow: WorkflowSpec) =
            for node in Seq.append workflow.Nodes (Seq.choose Option.ofObj [ workflow.Setup; workflow.Teardown ]) do
                match node.Target with
                | :? NodeTarget.TaskTarget as t -> if not (tasks.ContainsKey t.Task.Name) then tasks[t.Task.Name] <- t.Task
                | :? NodeTarget.WorkflowTarget as w -> addUsed w.Workflow
                | :? LaunchPlanTarget as p -> addUsed p.LaunchPlan.Workflow
                | _ -> ()
        for workflow in Seq.append (List.ofSeq workflows.Values) (launchPlans.Values |> Seq.map (fun p -> p.Workflow) |> List.ofSeq) do
            addUsed workflow
        { Source = source; Tasks = tasks; Workflows = workflows; LaunchPlans = launchPlans; Engine = engine }

    /// The entities of a built assembly.
    let ofAssemblyFile (path: string) : LoadedEntities =
        let full = Path.GetFullPath path
        let assembly =
            try Assembly.LoadFrom full
            with e -> raise (EntityLoadException(EntityLoadError.BadAssembly, $"Cannot load the assembly {path}: {e.Message}", []))
        ofAssemblies path [ assembly ]

    /// The folder holding the Flyte assemblies this process runs on (the command line's own folder).
    let hostDirectory () = Path.GetDirectoryName(typeof<TaskSpec>.Assembly.Location) |> nonNull

    /// The Flyte assemblies a script is compiled against, whatever its own `#r` lines say.
    let private hostReferences () =
        [ typeof<TaskSpec>.Assembly.Location
          typeof<Flyte.Execution.IWorkflowInterpreter>.Assembly.Location
          typeof<Flyte.FSharp.Script>.Assembly.Location ]

    let private describe (d: FSharpDiagnostic) =
        let severity = d.Severity.ToString().ToLowerInvariant()
        $"{d.FileName}({d.StartLine},{d.StartColumn + 1}): {severity} FS{d.ErrorNumber:D4}: {d.Message}"

    /// Runs `load` with the script's console output on standard error (standard output is the command's).
    let private quietly (load: unit -> 'T) : 'T =
        let stdout = Console.Out
        try
            Console.SetOut Console.Error
            Script.LoadingEntities(fun () -> load ())
        finally
            Console.SetOut stdout

    /// The entities of a compiled script (a cache entry): its top-level code runs as its values are read.
    let private ofCompiled (path: string) (dll: string) : LoadedEntities =
        let entryDir = Path.GetDirectoryName dll |> nonNull
        let references =
            match Path.Combine(entryDir, ScriptCache.ReferencesFile) with
            | file when File.Exists file -> File.ReadAllLines file
            | _ -> [||]
        let byName =
            references
            |> Array.filter File.Exists
            |> Array.map (fun r -> Path.GetFileNameWithoutExtension r, r)
            |> Array.distinctBy fst
            |> dict
        // The script's own #r assemblies are not next to the entry: resolve them from where it referenced them.
        let resolve =
            Func<System.Runtime.Loader.AssemblyLoadContext, AssemblyName, Assembly | null>(fun context name ->
                match name.Name with
                | null -> null
                | simple ->
                    match byName.TryGetValue simple with
                    | true, file -> context.LoadFromAssemblyPath file
                    | _ -> null)
        System.Runtime.Loader.AssemblyLoadContext.Default.add_Resolving resolve
        let assembly = Assembly.LoadFrom dll
        try
            quietly (fun () -> ofAssemblies path [ assembly ])
        with e when (e :? TypeInitializationException || e :? TargetInvocationException) ->
            let rec innermost (x: exn) =
                match x with
                | :? TypeInitializationException | :? TargetInvocationException ->
                    match x.InnerException with
                    | null -> x
                    | inner -> innermost inner
                | _ -> x
            let cause = innermost e
            raise (EntityLoadException(EntityLoadError.ScriptFailed, $"The script {path} failed: it threw {cause.GetType().Name}: {cause.Message}.", []))

    /// Compiles the adapted script into a new cache entry for `key`; the entry's assembly, or None when the script
    /// does not compile as a library (a compile error, or what only `dotnet fsi` offers: `fsi.…`, `#r "nuget: …"`).
    let private compile (full: string) (adaptedText: string) (key: string) : string option =
        let staging = ScriptCache.staging ()
        let name = ScriptCache.assemblyName full key
        let source = Path.Combine(staging, string (Path.GetFileName full))
        File.WriteAllText(source, adaptedText)
        let checker = FSharpChecker.Create()
        let options, _ =
            checker.GetProjectOptionsFromScript(
                source, SourceText.ofString adaptedText, otherFlags = [| for r in hostReferences () -> "-r:" + r |],
                useFsiAuxLib = false, useSdkRefs = true, assumeDotNetFramework = false)
            |> Async.RunSynchronously
        let dll = Path.Combine(staging, name + ".dll")
        let args =
            [| yield "fsc.exe"; yield! options.OtherOptions; yield "--target:library"; yield "--optimize+"; yield "--nologo"
               yield "--debug:portable"; yield "-o:" + dll; yield! options.SourceFiles |]
        let diagnostics, failure = checker.Compile args |> Async.RunSynchronously
        ScriptCache.compiled ()
        if failure.IsSome || diagnostics |> Array.exists (fun d -> d.Severity = FSharpDiagnosticSeverity.Error) || not (File.Exists dll) then
            (try Directory.Delete(staging, true) with _ -> ())
            None
        else
            let references = options.OtherOptions |> Array.choose (fun o -> if o.StartsWith("-r:", StringComparison.Ordinal) then Some o[3..] else None)
            File.WriteAllLines(Path.Combine(staging, ScriptCache.ReferencesFile), references)
            ScriptCache.publish staging key |> ignore
            Some(Path.Combine(ScriptCache.entry key, name + ".dll"))

    /// The entities an F# script defines, after evaluating it in this process with F# Interactive (see ScriptSource
    /// for how its `#r` lines are adapted): the path for scripts that do not compile as a library, and for their errors.
    let private ofEvaluatedScript (path: string) (adaptedText: string) : LoadedEntities =
        let full = Path.GetFullPath path
        let tempDir = Path.Combine(Path.GetTempPath(), "flyte-script-" + Guid.NewGuid().ToString("N"))
        Directory.CreateDirectory tempDir |> ignore
        let adapted = Path.Combine(tempDir, string (Path.GetFileName full))
        File.WriteAllText(adapted, adaptedText)
        let stdout = Console.Out
        try
            Console.SetOut Console.Error
            let args =
                [| yield "fsi.exe"; yield "--noninteractive"; yield "--nologo"; yield "--gui-"; yield "--quiet"
                   for r in hostReferences () -> "-r:" + r |]
            let config = FsiEvaluationSession.GetDefaultConfiguration()
            use session = FsiEvaluationSession.Create(config, args, new StringReader(""), Console.Error, Console.Error, collectible = false)
            let result, diagnostics = Script.LoadingEntities(fun () -> session.EvalScriptNonThrowing adapted)
            let messages =
                diagnostics
                |> Array.sortBy (fun d -> if d.Severity = FSharpDiagnosticSeverity.Error then 0 else 1)
                |> Array.map (describe >> fun s -> s.Replace(adapted, full))
                |> List.ofArray
            let errors = diagnostics |> Array.exists (fun d -> d.Severity = FSharpDiagnosticSeverity.Error)
            match result with
            | Choice2Of2 e ->
                let detail = if errors then "it does not compile" else $"it threw {e.GetType().Name}: {e.Message}"
                raise (EntityLoadException(EntityLoadError.ScriptFailed, $"The script {path} failed: {detail}.", messages))
            | Choice1Of2 () when errors ->
                raise (EntityLoadException(EntityLoadError.ScriptFailed, $"The script {path} does not compile.", messages))
            | Choice1Of2 () -> ofAssemblies path session.DynamicAssemblies
        finally
            Console.SetOut stdout
            try Directory.Delete(tempDir, true) with _ -> ()

    /// The entities an F# script defines. The script is compiled into an assembly kept in the ScriptCache, keyed by
    /// its content, everything it loads and references, and the SDK; a later run of the unchanged script loads that
    /// assembly without compiling. A script that does not compile as a library is evaluated by F# Interactive instead
    /// (uncached), which also reports its errors. The script's own console output goes to standard error.
    let ofScript (path: string) : LoadedEntities =
        let full = Path.GetFullPath path
        let adapted = ScriptSource.adapt full (hostDirectory ())
        let key =
            ScriptCache.key full adapted
                [ typeof<TaskSpec>.Assembly
                  typeof<Flyte.Execution.IWorkflowInterpreter>.Assembly
                  typeof<Flyte.FSharp.FSharpConvention>.Assembly ]
        let cached = Path.Combine(ScriptCache.entry key, ScriptCache.assemblyName full key + ".dll")
        if File.Exists cached then ofCompiled path cached
        else
            match (try compile full adapted key with :? IOException | :? UnauthorizedAccessException -> None) with
            | Some dll -> ofCompiled path dll
            | None -> ofEvaluatedScript path adapted

    /// The entities of the file at `path`: a built assembly (.dll) or an F# script (.fsx).
    /// <exception cref="EntityLoadException">The file is missing, of another kind, or does not load.</exception>
    let load (path: string) : LoadedEntities =
        if not (File.Exists path) then
            raise (EntityLoadException(EntityLoadError.FileMissing, $"No such file: {path}", []))
        match (string (Path.GetExtension path)).ToLowerInvariant() with
        | ".dll" | ".exe" -> ofAssemblyFile path
        | ".fsx" -> ofScript path
        | other ->
            raise (EntityLoadException(EntityLoadError.UnsupportedFile, $"Cannot load {path}: expected a .dll or an .fsx, not '{other}'.", []))
