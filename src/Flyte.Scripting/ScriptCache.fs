namespace Flyte.Scripting

open System
open System.IO
open System.Reflection
open System.Security.Cryptography
open System.Text
open System.Threading

/// Compiled F# scripts, kept between runs so that a script that did not change is not compiled again.
///
/// An entry is a folder named after a SHA-256 key over: the adapted script (ScriptSource), the text of every file it
/// `#load`s (transitively), the bytes of every file it `#r`s (a reference that is not a file, such as `nuget: …`, by
/// its text), and the versions of the Flyte assemblies, FSharp.Core, the F# compiler and the runtime. Any change to
/// one of them is another key, so a stale entry is never used; it just stays until the cache is cleared.
///
/// The cache folder is `$FLYTE_SCRIPT_CACHE` when set, else `$XDG_CACHE_HOME/flyte-dotnet/scripts`, else
/// `~/.cache/flyte-dotnet/scripts`. An entry is compiled in a private temporary folder and renamed into place in one
/// step, so concurrent runs never see half an entry; when two compile the same script at once, the first rename wins
/// and the other's copy is discarded.
[<RequireQualifiedAccess>]
module ScriptCache =
    /// The variable naming the cache folder (tests point it at a temporary folder).
    [<Literal>]
    let FolderVariable = "FLYTE_SCRIPT_CACHE"

    /// The file in an entry listing the referenced assemblies, for resolving them when the entry is loaded.
    [<Literal>]
    let ReferencesFile = "references.txt"

    /// The cache folder (see the module's summary); not created by asking.
    let folder () : string =
        let env name = match Environment.GetEnvironmentVariable name with | null | "" -> None | v -> Some v
        match env FolderVariable with
        | Some dir -> Path.GetFullPath dir
        | None ->
            let cacheHome =
                match env "XDG_CACHE_HOME" with
                | Some dir when Path.IsPathRooted dir -> dir
                | _ -> Path.Combine(Environment.GetFolderPath Environment.SpecialFolder.UserProfile, ".cache")
            Path.Combine(cacheHome, "flyte-dotnet", "scripts")

    let mutable private compileCount = 0

    /// How many scripts this process has compiled (not found in the cache); a cache hit leaves it unchanged.
    let compilations () = Volatile.Read &compileCount

    /// Counts one compilation.
    let internal compiled () = Interlocked.Increment &compileCount |> ignore

    let private versionOf (assembly: Assembly) =
        $"{assembly.GetName().Name} {assembly.ManifestModule.ModuleVersionId}"

    /// What the key covers besides the script's files: the compiler and SDK this process runs on.
    let private toolchain (sdkAssemblies: Assembly seq) =
        [ yield! sdkAssemblies |> Seq.map versionOf
          yield versionOf typeof<FSharp.Compiler.CodeAnalysis.FSharpChecker>.Assembly
          yield versionOf typeof<list<int>>.Assembly
          yield versionOf (Assembly.GetExecutingAssembly())
          yield $"runtime {Environment.Version}" ]

    /// The key of a script at `scriptPath` whose adapted text is `adapted`, compiled against `sdkAssemblies`.
    let key (scriptPath: string) (adapted: string) (sdkAssemblies: Assembly seq) : string =
        use hash = IncrementalHash.CreateHash HashAlgorithmName.SHA256
        for line in toolchain sdkAssemblies do hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"))
        hash.AppendData(Encoding.UTF8.GetBytes adapted)
        let full = Path.GetFullPath scriptPath
        let add (s: string) = hash.AppendData(Encoding.UTF8.GetBytes(s + "\n"))
        // Each input once, as its path and contents (a reference that is not a file: its text).
        for input in ScriptInputs.walk (Collections.Generic.HashSet<string>([ full ], StringComparer.Ordinal)) (Path.GetDirectoryName full |> nonNull) adapted do
            match input with
            | InputFile(kind, file, Some loaded) ->
                add (kind + " " + file)
                add loaded
            | InputFile(kind, file, None) ->
                add (kind + " " + file)
                use stream = File.OpenRead file
                hash.AppendData(SHA256.HashData stream)
            | InputName(kind, text) -> add (kind + " " + text)
        Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant()

    /// The compiled assembly of an entry: `<script name>-<key prefix>.dll` (a unique assembly name per entry, so two
    /// scripts of the same name can be loaded in one process).
    let assemblyName (scriptPath: string) (key: string) =
        $"{Path.GetFileNameWithoutExtension scriptPath}-{key[..15]}"

    /// The entry folder for `key`.
    let entry (key: string) = Path.Combine(folder (), key)

    /// Publishes the finished entry in `staging` as `key`'s, atomically; false when another run published it first
    /// (then `staging` is deleted and the other entry is used).
    let publish (staging: string) (key: string) : bool =
        let target = entry key
        try
            Directory.Move(staging, target)
            true
        with :? IOException when Directory.Exists target ->
            (try Directory.Delete(staging, true) with _ -> ())
            false

    /// A fresh private folder inside the cache folder to compile an entry in (same file system, so the rename is atomic).
    let staging () : string =
        let dir = Path.Combine(folder (), "tmp-" + Guid.NewGuid().ToString("N"))
        Directory.CreateDirectory dir |> ignore
        dir

    /// Removes every entry, and staging folders older than an hour (left by killed runs; younger ones may belong to a
    /// compile in progress); the number of entries removed.
    let clear () : int =
        let root = folder ()
        if not (Directory.Exists root) then 0
        else
            let mutable removed = 0
            for dir in Directory.GetDirectories root do
                let isStaging = (string (Path.GetFileName dir)).StartsWith("tmp-", StringComparison.Ordinal)
                if not isStaging || Directory.GetLastWriteTimeUtc dir < DateTime.UtcNow.AddHours -1.0 then
                    try
                        Directory.Delete(dir, true)
                        if not isStaging then removed <- removed + 1
                    with :? IOException | :? UnauthorizedAccessException -> ()
            removed
