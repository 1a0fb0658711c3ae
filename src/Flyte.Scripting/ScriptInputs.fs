namespace Flyte.Scripting

open System
open System.IO
open System.Text.RegularExpressions

/// One input a script's `#r`, `#load` and `#I` directives name.
type ScriptInput =
    /// A file that is there: `kind` is the directive (`load`, `r`, …), `loaded` the text of a `#load`ed file.
    | InputFile of kind: string * path: string * loaded: string option
    /// A reference that is not a file here (`nuget: …`, a framework assembly by name, a missing file, an unfound `#I`).
    | InputName of kind: string * text: string

/// The inputs of a script: what its directives name, `#load`ed files followed (each file once), relative paths
/// resolved against the naming file's folder and the `#I` folders seen so far.
[<RequireQualifiedAccess>]
module ScriptInputs =
    let private directive = Regex(@"^\s*#(?<kind>r|reference|load|I|include)\b(?<rest>.*)$", RegexOptions.Compiled ||| RegexOptions.Multiline)
    let private quoted = Regex("@?\"(?<path>[^\"]*)\"", RegexOptions.Compiled)

    /// The inputs of `text`, a script in folder `dir`, in directive order (a `#load`ed file's own inputs right after it);
    /// `seen` holds the files already listed (the script itself, at first).
    let rec walk (seen: Collections.Generic.HashSet<string>) (dir: string) (text: string) : ScriptInput list =
        let includes = Collections.Generic.List<string>([ dir ])
        [ for m in directive.Matches text do
            let kind = m.Groups["kind"].Value
            for q in quoted.Matches m.Groups["rest"].Value do
                let raw = q.Groups["path"].Value
                let resolved =
                    if raw.Contains(':') && not (Path.IsPathRooted raw) then None
                    else includes |> Seq.map (fun d -> Path.GetFullPath(Path.Combine(d, raw))) |> Seq.tryFind (fun p -> File.Exists p || Directory.Exists p)
                match kind, resolved with
                | ("I" | "include"), Some d -> includes.Add d
                | ("I" | "include"), None -> yield InputName("include", raw)
                | _, Some file when File.Exists file ->
                    if seen.Add file then
                        if kind = "load" then
                            let loaded = File.ReadAllText file
                            yield InputFile(kind, file, Some loaded)
                            yield! walk seen (Path.GetDirectoryName file |> nonNull) loaded
                        else
                            yield InputFile(kind, file, None)
                | _ -> yield InputName(kind, raw) ]

    /// The inputs of the script at `scriptPath`.
    let ofScript (scriptPath: string) : ScriptInput list =
        let full = Path.GetFullPath scriptPath
        walk (Collections.Generic.HashSet<string>([ full ], StringComparer.Ordinal)) (Path.GetDirectoryName full |> nonNull) (File.ReadAllText full)

    /// The files a fast registration ships for the script at `scriptPath`: the script and every file it `#load`s or
    /// `#r`s, except the prelude (`flyte.fsx`) and the Flyte assemblies, which the `flyte` command in the image supplies.
    let localFiles (scriptPath: string) : string list =
        let shipped (path: string) =
            let name = string (Path.GetFileName path)
            not (String.Equals(name, ScriptSource.PreludeName, StringComparison.OrdinalIgnoreCase))
            && not (name.StartsWith("Flyte.", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        Path.GetFullPath scriptPath
        :: [ for input in ofScript scriptPath do
               match input with
               | InputFile(_, path, _) when shipped path -> yield path
               | _ -> () ]
