/// Active patterns that let F# match on the C# model as if it were a discriminated union.
[<AutoOpen>]
module Flyte.FSharp.Model

open Flyte

/// Matches the kind of a literal's value.
let (|Scalar|Collection|Map|Offloaded|) (literal: Literal) =
    match literal.Value with
    | :? Flyte.Scalar as s -> Scalar s
    | :? LiteralCollection as c -> Collection(List.ofSeq c.Literals)
    | :? LiteralMap as m -> Map(m.Literals |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq)
    | :? LiteralOffloadedMetadata as o -> Offloaded o
    | other -> invalidArg (nameof literal) $"unknown literal value {other}"

/// Matches a primitive scalar by its .NET value.
let (|Integer|Float|String|Boolean|Datetime|Duration|NotPrimitive|) (scalar: Flyte.Scalar) =
    match scalar with
    | :? Primitive.Integer as p -> Integer p.Value
    | :? Primitive.FloatValue as p -> Float p.Value
    | :? Primitive.StringValue as p -> String p.Value
    | :? Primitive.Boolean as p -> Boolean p.Value
    | :? Primitive.Datetime as p -> Datetime p.Value
    | :? Primitive.Duration as p -> Duration p.Value
    | other -> NotPrimitive other

/// Matches the kind of a literal type.
let (|SimpleT|CollectionT|MapT|BlobT|EnumT|UnionT|DatasetT|) (literalType: LiteralType) =
    match literalType.Type with
    | :? TypeKind.Simple as s -> SimpleT s.Type
    | :? TypeKind.CollectionType as c -> CollectionT c.ElementType
    | :? TypeKind.MapValueType as m -> MapT m.ValueType
    | :? BlobType as b -> BlobT b
    | :? EnumType as e -> EnumT(List.ofSeq e.Values)
    | :? UnionType as u -> UnionT(List.ofSeq u.Variants)
    | :? StructuredDatasetType
    | :? SchemaType -> DatasetT literalType.Type
    | other -> invalidArg (nameof literalType) $"unknown literal type {other}"
