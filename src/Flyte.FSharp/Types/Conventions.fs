namespace Flyte.FSharp

open System
open System.Reflection
open Microsoft.FSharp.Core
open Microsoft.FSharp.Reflection
open Flyte.Types

/// What Flyte.Core's engine must know about F# types (Core references no FSharp.Core): F# records are records with
/// their fields in declaration order, built by their constructor; F# unions, classes, modules and exceptions are not
/// records even when they look like one (a plain F# class falls to the opaque fallback); `option` and `voption`
/// members may be absent; a task returning `unit` has no outputs.
type FSharpConvention() =
    inherit TypeConvention()

    static let kindOf (t: Type) =
        match t.GetCustomAttribute<CompilationMappingAttribute>() with
        | null -> None
        | mapping -> Some(mapping.SourceConstructFlags &&& SourceConstructFlags.KindMask)

    /// F# records: fields and constructor in declaration order; other F# constructs: not records.
    override _.RecordLayoutOf(t) =
        match kindOf t with
        | Some SourceConstructFlags.RecordType ->
            let fields = FSharpType.GetRecordFields(t, BindingFlags.Public ||| BindingFlags.Instance)
            let constructor = FSharpValue.PreComputeRecordConstructorInfo(t, BindingFlags.Public ||| BindingFlags.Instance)
            RecordLayout(constructor, fields)
        | Some _ -> RecordLayout.NotARecord
        | None -> Unchecked.defaultof<RecordLayout>   // no opinion

    /// `'T option` and `'T voption`.
    override _.IsOptional(t) =
        t.IsGenericType && (t.GetGenericTypeDefinition() = typedefof<option<_>> || t.GetGenericTypeDefinition() = typedefof<voption<_>>)

    /// `unit`.
    override _.IsNoValue(t) = t = typeof<unit>
