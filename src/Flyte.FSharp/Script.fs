namespace Flyte.FSharp

open System
open System.Threading

/// How an F# script is being run: as a program (`dotnet fsi script.fsx`) or by a host such as `flyte run` or
/// `flyte execute` that evaluates it only to find its tasks and workflows.
[<AbstractClass; Sealed>]
type Script private () =
    static let loading = AsyncLocal<bool>()

    /// False while a host evaluates the script to find its entities: the F# twin of Python's
    /// `if __name__ == "__main__":`, so a script's demo run does not happen on every `flyte run` or task attempt.
    static member IsMain = not loading.Value

    /// Runs <paramref name="evaluate"/> with <see cref="IsMain"/> false (hosts call it around script evaluation).
    static member LoadingEntities(evaluate: Func<'T>) : 'T =
        let before = loading.Value
        loading.Value <- true
        try evaluate.Invoke() finally loading.Value <- before
