namespace Flyte.FSharp

open System
open Microsoft.FSharp.Reflection
open Flyte.Types

/// `Choice<'a, 'b>` and `Choice<'a, 'b, 'c>` as flytekit's `Union[A, B]` / `Union[A, B, C]` (Core's
/// `VariantUnionTransformer`): `Choice<int64, string>` is `union[INTEGER#int, STRING#str]`, each variant tagged with its
/// transformer's name, so a Python `Union[int, str]` output feeds it and back.
type FSharpChoiceFactory() =
    inherit TransformerFactory()

    static let definitions = [| typedefof<Choice<_, _>>; typedefof<Choice<_, _, _>> |]

    static member internal Create<'T>(engine: TypeEngine) : ITypeTransformer =
        let t = typeof<'T>
        let variants = t.GetGenericArguments() |> Array.map engine.Get
        let cases = FSharpType.GetUnionCases t
        let tagOf = FSharpValue.PreComputeUnionTagReader t
        let readers = cases |> Array.map FSharpValue.PreComputeUnionReader
        let builders = cases |> Array.map FSharpValue.PreComputeUnionConstructor
        VariantUnionTransformer<'T>(
            variants,
            Func<'T, struct (int * (obj | null))>(fun value ->
                let index = tagOf (box value)
                struct (index, (readers[index] (box value))[0])),
            Func<int, (obj | null), 'T>(fun index value -> builders[index] [| box value |] |> unbox<'T>))

    /// Two- and three-way choices.
    override _.CanTransform(t) = t.IsGenericType && Array.contains (t.GetGenericTypeDefinition()) definitions

    /// The union transformer of `t`.
    override _.Create(t, engine) = Convert.invokeGeneric typeof<FSharpChoiceFactory> "Create" [| t |] engine
