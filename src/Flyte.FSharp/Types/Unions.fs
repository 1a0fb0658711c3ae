namespace Flyte.FSharp

open System
open System.Reflection
open Microsoft.FSharp.Reflection
open Flyte.Types

/// F# discriminated unions as Flyte unions with explicit, stable tags: each case is a STRUCT variant tagged with the
/// case name or its `[<FlyteTag("…")>]`, holding the case's fields by name (see `CaseUnionTransformer` in Flyte.Core
/// for the wire shape and why Python's and Java's unions cannot do this). Lists and options are unions too, but
/// have their own families, which `TypeEngine.withFSharp` puts first; this factory also refuses them.
type FSharpUnionFactory() =
    inherit TransformerFactory()

    static let flags = BindingFlags.Public ||| BindingFlags.NonPublic

    static member internal Create<'T>(engine: TypeEngine) : ITypeTransformer =
        let unionType = typeof<'T>
        let cases =
            FSharpType.GetUnionCases(unionType, true)
            |> Array.map (fun case ->
                let fields = case.GetFields()
                let attribute =
                    case.GetCustomAttributes(typeof<FlyteTagAttribute>) |> Array.tryHead |> Option.map (fun a -> a :?> FlyteTagAttribute)
                let read = FSharpValue.PreComputeUnionReader(case, flags)
                let build = FSharpValue.PreComputeUnionConstructor(case, flags)
                UnionCase<'T>(
                    (match attribute with Some a -> a.Tag | None -> case.Name),
                    (match attribute with Some a -> a.Aliases | None -> [||]),
                    (fields |> Array.map (fun f -> UnionCaseField(f.Name, f.PropertyType))),
                    Func<'T, _>(fun value -> read (box value) |> box |> unbox<(obj | null) array>),
                    Func<_, 'T>(fun (values: (obj | null) array) -> build (box values |> unbox<obj array>) |> unbox<'T>)))
        let tagOf = FSharpValue.PreComputeUnionTagReader(unionType, flags)
        CaseUnionTransformer<'T>(unionType.Name, cases, Func<'T, int>(fun value -> tagOf (box value)), engine)

    /// F# unions other than lists and options.
    override _.CanTransform(t) =
        FSharpType.IsUnion(t, flags)
        && not (t.IsGenericType
                && (let d = t.GetGenericTypeDefinition()
                    d = typedefof<list<_>> || d = typedefof<option<_>> || d = typedefof<voption<_>>))

    /// The union transformer of `t`.
    override _.Create(t, engine) =
        Convert.invokeGeneric typeof<FSharpUnionFactory> "Create" [| t |] engine
