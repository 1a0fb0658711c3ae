/// FsCheck generators of Flyte literal types and of literals that are instances of a given type.
/// Every transformer test and every law of the project draws its values from here.
[<RequireQualifiedAccess>]
module Flyte.Testing.Generators

open System
open System.Collections.Generic
open FsCheck
open FsCheck.FSharp
open Flyte

let private valueList (items: 'T seq) = ValueList<'T>(items)

let private valueMap (entries: (string * 'T) seq) =
    ValueMap<'T>(entries |> Seq.map (fun (k, v) -> KeyValuePair(k, v)))

let private listOfUpTo (max: int) (g: Gen<'T>) =
    gen {
        let! k = Gen.choose (0, max)
        return! Gen.sequenceToList (List.replicate k g)
    }

// Strings stay within the Basic Multilingual Plane and avoid lone surrogates, which UTF-8 (and so protobuf) cannot carry.
let private chars = "abcdefxyzABCXYZ0189_-. /:\"\\\n\té中ß€"

/// Strings of up to 12 characters, with quotes, backslashes, whitespace and non-ASCII letters; never null.
[<CompiledName("Text")>]
let text: Gen<string> =
    gen {
        let! k = Gen.choose (0, 12)
        let! cs = Gen.sequenceToArray (Array.replicate k (Gen.elements chars))
        return String(cs)
    }

/// Short identifier-like names (map keys, tags, column names).
[<CompiledName("Name")>]
let name: Gen<string> =
    gen {
        let! first = Gen.elements "abcxyz_"
        let! rest = Gen.sequenceToArray (Array.replicate 3 (Gen.elements "abcxyz019_"))
        let! len = Gen.choose (0, 3)
        return String(Array.append [| first |] rest.[0 .. len - 1])
    }

let private distinct (count: int) (g: Gen<string>) =
    gen {
        let! candidates = Gen.sequenceToList (List.replicate (count * 3 + 3) g)
        return candidates |> List.distinct |> List.truncate count
    }

/// Byte strings of up to 16 bytes.
[<CompiledName("Bytes")>]
let bytes: Gen<Bytes> =
    gen {
        let! k = Gen.choose (0, 16)
        let! bs = Gen.sequenceToArray (Array.replicate k (Gen.choose (0, 255) |> Gen.map byte))
        return Bytes.Wrap bs
    }

/// Finite doubles only (no NaN, no infinities), including 0, -0 and the extremes: NaN would make a value unequal to its own
/// round trip under IEEE comparison, and the JSON canonical forms of the cross-checks have no NaN.
[<CompiledName("FiniteDouble")>]
let finiteDouble: Gen<float> =
    Gen.frequency
        [ 6, ArbMap.defaults |> ArbMap.generate<NormalFloat> |> Gen.map (fun f -> f.Get)
          1, Gen.elements [ 0.0; -0.0; Double.MaxValue; Double.MinValue; Double.Epsilon; 0.1 ]
          2, Gen.choose (-1000, 1000) |> Gen.map float ]

let private int64: Gen<int64> =
    Gen.frequency
        [ 3, ArbMap.defaults |> ArbMap.generate<int64>
          1, Gen.elements [ 0L; Int64.MinValue; Int64.MaxValue; -1L ] ]

let private ticks (lo: int64) (hi: int64) =
    Gen.frequency [ 5, Gen.choose64 (lo, hi); 1, Gen.elements [ lo; hi; 0L ] ]

/// UTC date-times over the whole range of DateTime, at tick precision.
[<CompiledName("UtcDateTime")>]
let utcDateTime: Gen<DateTime> =
    ticks DateTime.MinValue.Ticks DateTime.MaxValue.Ticks |> Gen.map (fun t -> DateTime(t, DateTimeKind.Utc))

/// Time spans over the whole range of TimeSpan, at tick precision.
[<CompiledName("TimeSpan")>]
let timeSpan: Gen<TimeSpan> =
    Gen.frequency
        [ 5, ticks (-(1L <<< 62)) (1L <<< 62) |> Gen.map TimeSpan
          1, Gen.elements [ TimeSpan.MinValue; TimeSpan.MaxValue; TimeSpan.FromTicks -1L ] ]

let rec private structValueOfDepth (depth: int) : Gen<StructValue> =
    let leaves =
        [ Gen.constant (StructValue.Null.Instance :> StructValue)
          finiteDouble |> Gen.map (fun d -> StructValue.Number d :> StructValue)
          text |> Gen.map (fun s -> StructValue.String s :> StructValue)
          Gen.elements [ true; false ] |> Gen.map (fun b -> StructValue.Bool b :> StructValue) ]
    if depth <= 0 then Gen.oneof leaves
    else
        Gen.frequency
            [ 4, Gen.oneof leaves
              1, structOfDepth (depth - 1) |> Gen.map (fun s -> StructValue.Object s :> StructValue)
              1, listOfUpTo 3 (structValueOfDepth (depth - 1)) |> Gen.map (fun vs -> StructValue.List(valueList vs) :> StructValue) ]

and private structOfDepth (depth: int) : Gen<Struct> =
    gen {
        let! keys = distinct 3 text
        let! values = Gen.sequenceToList (keys |> List.map (fun _ -> structValueOfDepth depth))
        return Struct(valueMap (List.zip keys values))
    }

/// JSON-like objects (google.protobuf.Struct), nested up to three levels.
[<CompiledName("Struct")>]
let structValue: Gen<Struct> = Gen.sized (fun n -> structOfDepth (min 3 (n / 10)))

let private simple (t: SimpleType) = LiteralType(TypeKind.Simple t)

// The transformer names flytekit writes as union tags, plus a few of ours.
let private tags = [ "int"; "str"; "float"; "none"; "bool"; "Typed List"; "Typed Dict"; "Object-Dataclass-Transformer"; "FlyteFilePath"; "" ]

let private simpleType: Gen<LiteralType> =
    Gen.elements (Enum.GetValues<SimpleType>()) |> Gen.map simple

let private blobType: Gen<LiteralType> =
    gen {
        let! format = Gen.elements [ ""; "csv"; "json"; "PythonPickle"; "parquet" ]
        let! dim = Gen.elements [ BlobDimensionality.Single; BlobDimensionality.Multipart ]
        return LiteralType(BlobType(format, dim))
    }

let private enumType: Gen<LiteralType> =
    gen {
        let! values = distinct 4 text
        let values = if values.IsEmpty then [ "only" ] else values
        return LiteralType(EnumType(valueList values))
    }

let private schemaType: Gen<LiteralType> =
    gen {
        let! names = distinct 3 name
        let! types = Gen.sequenceToList (names |> List.map (fun _ -> Gen.elements (Enum.GetValues<SchemaColumnType>())))
        return LiteralType(SchemaType(valueList (List.map2 (fun n t -> SchemaColumn(n, t)) names types)))
    }

let rec private typeOfSize (size: int) : Gen<LiteralType> =
    let leaf = Gen.frequency [ 6, simpleType; 1, blobType; 1, enumType; 1, schemaType ]
    let kind =
        if size <= 1 then leaf
        else
            let inner = typeOfSize (size / 3)
            Gen.frequency
                [ 4, leaf
                  1, inner |> Gen.map LiteralType.CollectionOf
                  1, inner |> Gen.map LiteralType.MapOf
                  1, unionType size
                  1, datasetType size ]
    gen {
        let! t = kind
        let! metadata = Gen.frequency [ 5, Gen.constant None; 1, structValue |> Gen.map Some ]
        let! annotation = Gen.frequency [ 6, Gen.constant None; 1, structValue |> Gen.map (TypeAnnotation >> Some) ]
        let! structure = Gen.frequency [ 5, Gen.constant None; 1, structure size |> Gen.map Some ]
        // Union variants get their tags from unionType, which replaces the structure as flytekit does.
        let structure = if isNull t.Structure then Option.toObj structure else t.Structure
        return LiteralType(t.Type, Metadata = Option.toObj metadata, Annotation = Option.toObj annotation, Structure = structure)
    }

and private structure (size: int) : Gen<TypeStructure> =
    gen {
        let! tag = Gen.elements tags
        let! fields = if size <= 2 then Gen.constant [] else distinct 2 name
        let! fieldTypes = Gen.sequenceToList (fields |> List.map (fun _ -> typeOfSize (size / 4)))
        return TypeStructure(tag, valueMap (List.zip fields fieldTypes))
    }

and private unionType (size: int) : Gen<LiteralType> =
    gen {
        let! k = Gen.choose (1, 3)
        let! variantTags = Gen.shuffle tags |> Gen.map (Array.truncate k)
        let! variants = Gen.sequenceToList (List.replicate k (typeOfSize (size / 3)))
        let tagged = List.map2 (fun (v: LiteralType) tag -> v.WithTag tag) variants (List.ofArray variantTags)
        return LiteralType(UnionType(valueList tagged))
    }

and private datasetType (size: int) : Gen<LiteralType> =
    gen {
        let! names = distinct 3 name
        let! types = Gen.sequenceToList (names |> List.map (fun _ -> typeOfSize (size / 4)))
        let! format = Gen.elements [ ""; "parquet"; "csv" ]
        let! external = Gen.elements [ ""; "arrow" ]
        let! schemaBytes = if external = "" then Gen.constant Bytes.Empty else bytes
        let columns = List.map2 (fun n t -> DatasetColumn(n, t)) names types
        return LiteralType(StructuredDatasetType(valueList columns, format, external, schemaBytes))
    }

/// Arbitrary literal types of every kind: simple types, blobs, enums, schemas, collections, maps, unions whose variants carry
/// flytekit-style tags, and structured datasets, with occasional metadata, annotations and structures (tags and dataclass
/// field types). Recursion depth is bounded by FsCheck's size.
[<CompiledName("LiteralType")>]
let literalType: Gen<LiteralType> = Gen.sized (fun n -> typeOfSize (max 1 n))

let private uri: Gen<string> =
    gen {
        let! scheme = Gen.elements [ "s3://bucket/"; "gs://b/"; "file:///tmp/"; "/local/" ]
        let! path = name
        return scheme + path
    }

let private scalar (s: Scalar) = Literal(s)

let private scalarOfSimple (t: SimpleType) : Gen<Literal> =
    match t with
    | SimpleType.None -> Gen.constant (scalar Void.Instance)
    | SimpleType.Integer -> int64 |> Gen.map (fun i -> scalar (Primitive.Integer i))
    | SimpleType.Float -> finiteDouble |> Gen.map (fun f -> scalar (Primitive.FloatValue f))
    | SimpleType.String -> text |> Gen.map (fun s -> scalar (Primitive.StringValue s))
    | SimpleType.Boolean -> Gen.elements [ true; false ] |> Gen.map (fun b -> scalar (Primitive.Boolean b))
    | SimpleType.Datetime -> utcDateTime |> Gen.map (fun d -> scalar (Primitive.Datetime d))
    | SimpleType.Duration -> timeSpan |> Gen.map (fun d -> scalar (Primitive.Duration d))
    | SimpleType.Binary ->
        gen {
            let! tag = Gen.elements [ ""; "pickle"; "arrow" ]
            let! b = bytes
            return scalar (Binary(b, tag))
        }
    | SimpleType.Error ->
        gen {
            let! node = name
            let! message = text
            return scalar (Error(node, message))
        }
    | SimpleType.Struct ->
        Gen.oneof
            [ bytes |> Gen.map (fun b -> scalar (Binary(b, Binary.MessagePackTag)))
              structValue |> Gen.map (fun s -> scalar (Generic s)) ]
    | other -> invalidArg (nameof t) $"unknown simple type {other}"

let rec private valueOf (t: LiteralType) : Gen<Literal> =
    match t.Type with
    | :? TypeKind.Simple as s -> scalarOfSimple s.Type
    | :? TypeKind.CollectionType as c ->
        Gen.sized (fun n -> listOfUpTo (min 4 n) (Gen.scaleSize (fun s -> s / 2) (literalOf c.ElementType)))
        |> Gen.map (fun items -> Literal(LiteralCollection(valueList items)))
    | :? TypeKind.MapValueType as m ->
        gen {
            let! keys = Gen.sized (fun n -> distinct (min 4 n) text)
            let! values = Gen.scaleSize (fun s -> s / 2) (Gen.sequenceToList (keys |> List.map (fun _ -> literalOf m.ValueType)))
            return Literal(LiteralMap(valueMap (List.zip keys values)))
        }
    | :? BlobType as b ->
        gen {
            let! format = if b.Format = "" then Gen.elements [ ""; "csv"; "bin" ] else Gen.constant b.Format
            let! u = uri
            return scalar (Blob(BlobMetadata(BlobType(format, b.Dimensionality)), u))
        }
    | :? EnumType as e ->
        if e.Values.Count = 0 then invalidArg (nameof t) "an enum type without values has no instances"
        Gen.elements e.Values |> Gen.map (fun v -> scalar (Primitive.StringValue v))
    | :? UnionType as u ->
        if u.Variants.Count = 0 then invalidArg (nameof t) "a union type without variants has no instances"
        gen {
            let! variant = Gen.elements u.Variants
            let! value = literalOf variant
            return scalar (Union(value, variant))
        }
    | :? StructuredDatasetType as d ->
        gen {
            let! u = uri
            let! withMetadata = Gen.frequency [ 4, Gen.constant true; 1, Gen.constant false ]
            let metadata: StructuredDatasetMetadata | null = if withMetadata then StructuredDatasetMetadata d else null
            return scalar (StructuredDataset(u, metadata))
        }
    | :? SchemaType as s -> uri |> Gen.map (fun u -> scalar (Schema(u, s)))
    | other -> invalidArg (nameof t) $"unknown type kind {other}"

/// Arbitrary literals that are instances of <paramref name="t"/>: union values are <c>Union</c> literals stored with one of the
/// variant types (tag included); STRUCT values are msgpack binaries (random bytes) or generic structs; now and then a literal is
/// offloaded (its inferred type is <paramref name="t"/>) or carries a hash and metadata. Throws for an enum without values or
/// a union without variants, which have no instances.
and [<CompiledName("LiteralOf")>] literalOf (t: LiteralType) : Gen<Literal> =
    gen {
        let! shape = Gen.frequency [ 20, Gen.constant 0; 1, Gen.constant 1; 2, Gen.constant 2 ]
        match shape with
        | 1 ->
            let! u = uri
            let! size = Gen.choose (0, Int32.MaxValue) |> Gen.map uint64
            return Literal(LiteralOffloadedMetadata(u, size, t))
        | 2 ->
            let! literal = valueOf t
            let! hash = name
            let! keys = distinct 2 name
            let! values = Gen.sequenceToList (keys |> List.map (fun _ -> text))
            return Literal(literal.Value, Hash = hash, Metadata = valueMap (List.zip keys values))
        | _ -> return! valueOf t
    }

/// A literal type together with one of its instances.
[<CompiledName("TypedLiteral")>]
let typedLiteral: Gen<LiteralType * Literal> =
    gen {
        let! t = literalType
        let! l = literalOf t
        return t, l
    }

/// Literal maps (task inputs/outputs) of up to five named literals of arbitrary types.
[<CompiledName("LiteralMap")>]
let literalMap: Gen<LiteralMap> =
    gen {
        let! names = distinct 5 name
        let! values = Gen.sequenceToList (names |> List.map (fun _ -> Gen.scaleSize (fun s -> s / 2) typedLiteral |> Gen.map snd))
        return LiteralMap(valueMap (List.zip names values))
    }
