namespace Flyte.Scripting

open System
open System.Collections.Generic
open Flyte.Tasks
open Flyte.Types
open Flyte.Workflows

/// A task or a workflow found in a file, under its Flyte name.
[<RequireQualifiedAccess>]
type Entity =
    /// A task: its spec carries the interface and the body.
    | Task of TaskSpec
    /// A workflow.
    | Workflow of WorkflowSpec
    /// A named launch plan: its interface is the workflow's inputs it does not fix.
    | LaunchPlan of LaunchPlanSpec

    /// The entity's Flyte name.
    member this.Name =
        match this with
        | Task t -> t.Name
        | Workflow w -> w.Name
        | LaunchPlan p -> p.Name

    /// The entity's typed interface.
    member this.Interface =
        match this with
        | Task t -> t.Interface
        | Workflow w -> w.Interface
        | LaunchPlan p -> p.Interface

    /// "task", "workflow" or "launch plan".
    member this.Kind =
        match this with
        | Task _ -> "task"
        | Workflow _ -> "workflow"
        | LaunchPlan _ -> "launch plan"

/// Everything one file defines: tasks and workflows by Flyte name, and the type engine it chose (if it defined one).
type LoadedEntities =
    {
        /// The file the entities came from.
        Source: string
        /// Tasks by Flyte name.
        Tasks: IReadOnlyDictionary<string, TaskSpec>
        /// Workflows by Flyte name.
        Workflows: IReadOnlyDictionary<string, WorkflowSpec>
        /// Named launch plans by name.
        LaunchPlans: IReadOnlyDictionary<string, LaunchPlanSpec>
        /// The value of type TypeEngine the file defines, if any: the engine its entities were built with.
        Engine: TypeEngine option
    }

    /// Every entity name, sorted.
    member this.Names: string list =
        Seq.concat [ this.Tasks.Keys; this.Workflows.Keys; this.LaunchPlans.Keys ] |> Seq.distinct |> Seq.sort |> List.ofSeq

    /// The task, workflow or launch plan named `name` (a workflow wins over a launch plan, which wins over a task).
    member this.TryFind(name: string) : Entity option =
        match this.Workflows.TryGetValue name with
        | true, w -> Some(Entity.Workflow w)
        | _ ->
            match this.LaunchPlans.TryGetValue name with
            | true, p -> Some(Entity.LaunchPlan p)
            | _ ->
                match this.Tasks.TryGetValue name with
                | true, t -> Some(Entity.Task t)
                | _ -> None

    /// The task or workflow named `name`.
    /// <exception cref="EntityLoadException">No such entity; the message lists the available names.</exception>
    member this.Find(name: string) : Entity =
        match this.TryFind name with
        | Some entity -> entity
        | None ->
            let available = if this.Names.IsEmpty then "none" else String.Join(", ", this.Names)
            raise (EntityLoadException(EntityLoadError.NotFound, $"'{name}' is not a task, workflow or launch plan of {this.Source}. Available: {available}.", []))

/// Why loading failed.
and [<RequireQualifiedAccess>] EntityLoadError =
    /// The file does not exist.
    | FileMissing
    /// The file is neither a .dll nor an .fsx.
    | UnsupportedFile
    /// The assembly could not be loaded.
    | BadAssembly
    /// The script did not compile or threw while it ran; Diagnostics hold the compiler's messages.
    | ScriptFailed
    /// No entity of the requested name.
    | NotFound

/// Loading entities failed; Diagnostics holds the F# compiler's messages for a script that did not compile.
and EntityLoadException(error: EntityLoadError, message: string, diagnostics: string list) =
    inherit Exception(message)
    /// Why loading failed.
    member _.Error = error
    /// The compiler's messages (errors first), one a line, for a failed script.
    member _.Diagnostics = diagnostics
