namespace Flyte.FSharp

open System.Threading.Tasks
open Flyte
open Flyte.Types

/// The one way to the type engine from F#: `TypeEngine.Default` (Core's default with the F# families in front) and
/// pipeline-friendly functions over the immutable `Flyte.Types.TypeEngine` value:
/// `TypeEngine.Default |> TypeEngine.add coordinate`. `Task.define`, `workflow { }` and `Local` default to
/// `TypeEngine.Default`. (From C#: `Flyte.FSharp.TypeEngineModule.Default`, `TypeEngineModule.WithFSharp(engine)`.)
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module TypeEngine =
    /// Puts the F# families in front of `engine`'s structural families, in this order: F# lists, sets and maps;
    /// options and value options; F# unions. They must come first because an F# list is also an IEnumerable and
    /// an F# union is also a class, which Core's generic families (collections, records) would claim. Adds the F#
    /// conventions too (`FSharpConvention`: F# records, optional members, `unit` results).
    [<CompiledName("WithFSharp")>]
    let withFSharp (engine: TypeEngine) : TypeEngine =
        engine
            .AddConvention(FSharpConvention())
            .PrependFamily(FSharpUnionFactory())
            .PrependFamily(FSharpChoiceFactory())
            .PrependFamily(FSharpOptionFactory())
            .PrependFamily(FSharpCollectionsFactory())

    /// Core's `Flyte.Types.TypeEngine.Default` with the F# families in front.
    [<CompiledName("Default")>]
    let Default: TypeEngine = withFSharp Flyte.Types.TypeEngine.Default

    /// An engine where `transformer` handles exactly 'T, winning over everything else.
    [<CompiledName("Add")>]
    let add (transformer: TypeTransformer<'T>) (engine: TypeEngine) : TypeEngine = engine.Add transformer

    /// An engine that also tries `factory`, after the factories added before it and before the built-in families.
    [<CompiledName("AddFactory")>]
    let addFactory (factory: TransformerFactory) (engine: TypeEngine) : TypeEngine = engine.Add factory

    /// The transformer of 'T.
    [<CompiledName("Get")>]
    let get<'T> (engine: TypeEngine) : TypeTransformer<'T> = engine.Get<'T>()

    /// The Flyte type of 'T.
    [<CompiledName("LiteralTypeOf")>]
    let literalTypeOf<'T> (engine: TypeEngine) : LiteralType = engine.LiteralTypeOf<'T>()

    /// Turns a value into a literal.
    [<CompiledName("ToLiteral")>]
    let toLiteral (engine: TypeEngine) (value: 'T) : Task<Literal> = engine.ToLiteralAsync<'T>(value).AsTask()

    /// Turns a literal into a value of 'T.
    [<CompiledName("ToValue")>]
    let toValue<'T> (engine: TypeEngine) (literal: Literal) : Task<'T> = engine.ToValueAsync<'T>(literal).AsTask()
