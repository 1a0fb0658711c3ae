namespace Flyte.FSharp

open Flyte.Workflows

/// Comparisons of a promise with a constant of its type, for branch conditions: `(x .>= 0.1) .&& (x .<= 1.0)`. Both
/// sides have the same type, so `x .< "a"` on a float promise does not compile. Two promises compare with `x.Lt(y)`.
/// The comparisons are parenthesised, as in flytekit: `.&&` and `.||` share the comparisons' precedence.
[<AutoOpen>]
module Conditions =
    /// `a == b`
    let (.=) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Eq, a, b)
    /// `a != b`
    let (.<>) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Neq, a, b)
    /// `a > b`
    let (.>) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Gt, a, b)
    /// `a >= b`
    let (.>=) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Gte, a, b)
    /// `a < b`
    let (.<) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Lt, a, b)
    /// `a <= b`
    let (.<=) (a: Promise<'T>) (b: 'T) : Condition = Condition.Compare(ComparisonOperator.Lte, a, b)
    /// Both conditions hold.
    let (.&&) (a: Condition) (b: Condition) : Condition = a.And b
    /// Either condition holds.
    let (.||) (a: Condition) (b: Condition) : Condition = a.Or b

/// The cases of a branch so far (flytekit's `conditional("name")`), each a condition and the step adding its one node.
type Cases<'R> = private { Name: string; Cases: (Condition * WorkflowStep<Promise<'R>>) list }

/// Branches inside `workflow { }`:
/// ```
/// let! result =
///     Branch.conditional "fractions"
///     |> Branch.ifThen ((x .>= 0.1) .&& (x .<= 1.0)) (Task.node double x)
///     |> Branch.orElse (Task.node square x)
/// ```
/// Each case adds exactly one node (a task, a sub-workflow or a nested branch); the branch yields the taken case's output.
[<RequireQualifiedAccess>]
module Branch =
    /// Starts branch `name`.
    [<CompiledName("Conditional")>]
    let conditional<'R> (name: string) : Cases<'R> = { Name = name; Cases = [] }

    /// The first case: when `condition` holds, `step`'s node runs.
    [<CompiledName("IfThen")>]
    let ifThen (condition: Condition) (step: WorkflowStep<Promise<'R>>) (cases: Cases<'R>) : Cases<'R> =
        if not cases.Cases.IsEmpty then
            invalidArg "cases" $"Branch '{cases.Name}' already has its first case; add more with Branch.elseIf."
        { cases with Cases = [ condition, step ] }

    /// A further case, tried when the earlier ones did not hold (`elif`).
    [<CompiledName("ElseIf")>]
    let elseIf (condition: Condition) (step: WorkflowStep<Promise<'R>>) (cases: Cases<'R>) : Cases<'R> =
        if cases.Cases.IsEmpty then
            invalidArg "cases" $"Branch '{cases.Name}' has no first case yet; start with Branch.ifThen."
        { cases with Cases = cases.Cases @ [ condition, step ] }

    let private withCases (cases: Cases<'R>) (finish: BranchDraft -> struct (WorkflowDraft * Node)) : WorkflowStep<Promise<'R>> =
        WorkflowStep(fun draft ->
            let mutable branch = BranchDraft.Start(draft, cases.Name)
            for condition, step in cases.Cases do
                let promise, after = Workflow.run step branch.Cases
                branch <- branch.AddCase(condition, after, [| promise :> IPromise |])
            let struct (next, node) = finish branch
            BranchDraft.Output<'R> node, next)

    /// Ends the branch: when no case held, `step`'s node runs. Yields the branch's output.
    [<CompiledName("OrElse")>]
    let orElse (step: WorkflowStep<Promise<'R>>) (cases: Cases<'R>) : WorkflowStep<Promise<'R>> =
        withCases cases (fun branch ->
            let promise, after = Workflow.run step branch.Cases
            branch.Else(after, [| promise :> IPromise |]))

    /// Ends the branch: when no case held, the node fails with `message`. Yields the branch's output.
    [<CompiledName("OrFail")>]
    let orFail (message: string) (cases: Cases<'R>) : WorkflowStep<Promise<'R>> =
        withCases cases (fun branch -> branch.Fail message)
