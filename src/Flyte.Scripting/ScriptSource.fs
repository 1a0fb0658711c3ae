namespace Flyte.Scripting

open System
open System.IO
open System.Text.RegularExpressions

/// How the loader adapts a script before it evaluates it in-process, so that the same file runs under plain
/// `dotnet fsi` (with its own `#r` lines to the Flyte assemblies wherever they were built) and under `flyte`
/// (with the Flyte assemblies the command line itself runs on: one copy of each type, whatever the script's paths say).
///
/// Line by line, keeping the line count so compiler messages point at the right line:
/// - `#r "…/Flyte.X.dll"` becomes `#r` of the host's own `Flyte.X.dll` when the host has one;
/// - `#load "…/flyte.fsx"` (the prelude convention: a file of that name holding only `#r` lines) is dropped, the host
///   supplies those assemblies;
/// - other relative `#r`, `#load` and `#I` paths become absolute against the script's folder, and
///   `__SOURCE_DIRECTORY__` / `__SOURCE_FILE__` become the original script's, because the adapted copy is evaluated
///   from a temporary folder.
[<RequireQualifiedAccess>]
module ScriptSource =
    /// The file name of the prelude a script may `#load` and that the command line skips.
    [<Literal>]
    let PreludeName = "flyte.fsx"

    let private directive =
        Regex(@"^(?<indent>\s*)#(?<kind>r|reference|load|I|include)\b(?<rest>.*)$", RegexOptions.Compiled)

    let private quoted = Regex("@?\"(?<path>[^\"]*)\"", RegexOptions.Compiled)

    let private isFlyteAssembly (fileName: string) =
        fileName.StartsWith("Flyte.", StringComparison.OrdinalIgnoreCase)
        && fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)

    let private literal (path: string) = "@\"" + path.Replace("\"", "\"\"") + "\""

    /// The adapted text of one line of a script in folder `scriptDir`; `hostDir` holds the host's Flyte assemblies.
    let adaptLine (scriptDir: string) (scriptPath: string) (hostDir: string) (line: string) : string =
        let m = directive.Match line
        if m.Success then
            let kind = m.Groups["kind"].Value
            let rest = m.Groups["rest"].Value
            let isLoad = kind = "load"
            let paths = [ for q in quoted.Matches rest -> q.Groups["path"].Value ]
            if isLoad && not paths.IsEmpty
               && paths |> List.forall (fun p -> String.Equals(string (Path.GetFileName p), PreludeName, StringComparison.OrdinalIgnoreCase)) then
                "// flyte: prelude skipped, the command line supplies the Flyte assemblies: " + line.Trim()
            else
                let rewritten =
                    quoted.Replace(rest, MatchEvaluator(fun q ->
                        let path = q.Groups["path"].Value
                        if path.Contains(':') && not (Path.IsPathRooted path) then q.Value   // `nuget: …` and other resolvers
                        else
                            let name = string (Path.GetFileName path)
                            let hostCopy = Path.Combine(hostDir, name)
                            if (kind = "r" || kind = "reference") && isFlyteAssembly name && File.Exists hostCopy then
                                literal hostCopy
                            elif Path.IsPathRooted path then q.Value
                            else literal (Path.GetFullPath(Path.Combine(scriptDir, path)))))
                m.Groups["indent"].Value + "#" + kind + rewritten
        else
            line
                .Replace("__SOURCE_DIRECTORY__", literal scriptDir)
                .Replace("__SOURCE_FILE__", literal (string (Path.GetFileName scriptPath)))

    /// The adapted text of the script at `scriptPath` (see the module's summary).
    let adapt (scriptPath: string) (hostDir: string) : string =
        let full = Path.GetFullPath scriptPath
        let dir = Path.GetDirectoryName full |> nonNull
        let lines = File.ReadAllLines full |> Array.map (adaptLine dir full hostDir)
        String.Join("\n", lines) + "\n"
