module Flyte.FSharp.Tests.RecordTests

open System
open System.Collections.Generic
open System.Text.Json
open Expecto
open FsCheck
open FsCheck.FSharp
open Flyte
open Flyte.Types
open Flyte.Proto
open Flyte.Testing
open Flyte.Tests.Records
open Xunit

// F# records: the field order comes from CompilationMapping sequence numbers, not from reflection order.
type FDatum = { x: int; y: string; z: Map<int, string> }
type FInference = { feature_a: float; feature_b: float }
type FBatch = { requests: FInference list; batch_id: string }
type Reordered = { zeta: int; alpha: string }
/// The F# twin of the C# `Settings` record (`int?`, `string?` members).
type FSettings = { Name: string; Retries: int option; Comment: string option; Tags: string list }
type WithOptions = { name: string; note: string option; tags: string list; scores: Map<string, float>; retries: int option }

let engine = Flyte.FSharp.TypeEngine.Default
let toLiteral (value: 'T) = engine.ToLiteralAsync<'T>(value).AsTask().Result
let toValue<'T> (literal: Literal) = engine.ToValueAsync<'T>(literal).AsTask().Result
let msgpack (literal: Literal) =
    match literal.Value with
    | :? Binary as b when b.Tag = Binary.MessagePackTag -> Convert.ToHexString(b.Value.Span).ToLowerInvariant()
    | other -> failwithf "not msgpack: %O" other
let json (value: 'T) = JsonSerializer.Serialize<'T>(value)

// --- laws: value → literal → value, and literal → protobuf bytes → literal, for many record shapes -------------------

let private micros = Gen.choose (0, Int32.MaxValue) |> Gen.map (fun us -> DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(int64 us * 10L))
let private smallList g = gen { let! n = Gen.choose (0, 5) in return! Gen.listOfLength n g }
let private int32 = ArbMap.defaults |> ArbMap.generate<int>
let private optionOf g = Gen.oneof [ Gen.constant None; Gen.map Some g ]

let private point = Gen.map2 (fun x y -> Point(x, y)) int32 Generators.finiteDouble
let private settings =
    gen {
        let! name = Generators.text
        let! retries = optionOf int32
        let! comment = optionOf Generators.text
        let! tags = smallList Generators.name
        return Settings(Name = name, Retries = Option.toNullable retries, Comment = Option.toObj comment, Tags = List<string>(tags))
    }
let private dog =
    gen {
        let! name = Generators.text
        let! age = int32
        let! color = Gen.elements [ Color.Red; Color.Green; Color.Blue ]
        return Dog(name, age, color)
    }
let private mutableClass =
    gen {
        let! a = int32
        let! b = optionOf Generators.text
        let! ``when`` = micros
        return Mutable(A = a, B = Option.toObj b, When = ``when``)
    }
let private account =
    gen {
        let! id = ArbMap.defaults |> ArbMap.generate<int64>
        let! label = Generators.text
        let! cents = ArbMap.defaults |> ArbMap.generate<int>
        return Account(id, label, decimal cents / 100m)
    }
let rec private node depth =
    gen {
        let! label = Generators.name
        let! children = if depth = 0 then Gen.constant [] else smallList (node (depth - 1))
        return Node(label, List<Node>(children))
    }
let private everything =
    gen {
        let! origin = point
        let! path = smallList point
        let! counts = smallList (Gen.zip Generators.name int32) |> Gen.map (fun kvs -> Dictionary<string, int>(dict (List.distinctBy fst kvs)))
        let! names = smallList (Gen.zip int32 Generators.text) |> Gen.map (fun kvs -> Dictionary<int, string>(dict (List.distinctBy fst kvs)))
        let! maybe = optionOf point
        let! big = optionOf (ArbMap.defaults |> ArbMap.generate<int64>)
        let! status = Gen.elements [ Status.InProgress; Status.Done ]
        let! raw = Gen.arrayOf (ArbMap.defaults |> ArbMap.generate<byte>)
        let! tookMicros = ArbMap.defaults |> ArbMap.generate<int>
        let! at = micros
        let! offset = Gen.choose (-12, 14)
        let! day = Gen.choose (0, 3_000_000) |> Gen.map DateOnly.FromDayNumber
        let! id = ArbMap.defaults |> ArbMap.generate<Guid>
        let! original = Generators.text
        let! grid = smallList (smallList Generators.finiteDouble)
        return Everything(origin, path, counts, names, Option.toObj maybe, Option.toNullable big, status, raw,
                          TimeSpan.FromTicks(int64 tookMicros * 10L), DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), TimeSpan.FromHours(float offset)),
                          day, id, original, List<List<float>>(grid |> List.map (fun r -> List<float>(r))))
    }
let private fdatum =
    gen {
        let! x = int32
        let! y = Generators.text
        let! z = smallList (Gen.zip int32 Generators.text) |> Gen.map Map.ofList
        return { x = x; y = y; z = z }
    }
let private withOptions =
    gen {
        let! name = Generators.text
        let! note = optionOf Generators.text
        let! tags = smallList Generators.name
        let! scores = smallList (Gen.zip Generators.name Generators.finiteDouble) |> Gen.map Map.ofList
        let! retries = optionOf int32
        return { name = name; note = note; tags = tags; scores = scores; retries = retries }
    }

/// value → literal → value is the identity (compared through System.Text.Json, independent of our codecs), the literal
/// survives protobuf bytes unchanged, and encoding is deterministic.
let private roundTrips (g: Gen<'T>) =
    Prop.forAll (Arb.fromGen g) (fun (value: 'T) ->
        let literal = toLiteral value
        let back = toValue<'T> literal
        let viaProto = ProtoSerializer.LiteralFromBytes(ProtoSerializer.ToBytes literal)
        json back = json value && viaProto = literal && toLiteral back = literal)

/// The F# twin of the C# `SchemaShapes` record, without its defaulted fields (F# records have no defaults).
type SchemaShapes =
    { Count: int64; Ratio: float; At: DateTime; Took: TimeSpan; Id: Guid; Price: decimal
      Retries: int64 option; Note: string option; Tags: string list; Labels: Map<int, string>; Scores: Map<string, float>
      Color: Color; Maybe: Color option }

/// The F# twin of the C# `OffloadedShapes` record: an optional file and a list of files.
type FOffloaded = { Extra: Flyte.Types.Offloaded.FlyteFile<Flyte.Types.Offloaded.FileFormats.Csv> option; Files: Flyte.Types.Offloaded.FlyteFile list }

[<Tests>]
let tests =
    testList "Record" [
        testCase "an F# Datum has the same bytes as the Python dataclass" <| fun () ->
            // 83 | a1 "x" 0a | a1 "y" a2 "10" | a1 "z" 81 0a a2 "10"
            let literal = toLiteral { x = 10; y = "10"; z = Map [ 10, "10" ] }
            Assert.Equal("83a1780aa179a23130a17a810aa23130", msgpack literal)
            Assert.Equal({ x = 10; y = "10"; z = Map [ 10, "10" ] }, toValue<FDatum> literal)

        testCase "F# record fields keep declaration order" <| fun () ->
            // 82 | a4 "zeta" 01 | a5 "alpha" a1 "a"
            Assert.Equal("82a47a65746101a5616c706861a161", msgpack (toLiteral { zeta = 1; alpha = "a" }))

        testCase "an F# batch with a list of records matches the C# seed bytes" <| fun () ->
            let fsharp = toLiteral { requests = [ { feature_a = 1.0; feature_b = 2.0 }; { feature_a = 3.0; feature_b = 4.0 } ]; batch_id = "test_batch" }
            let snake = engine.WithOptions(TypeEngineOptions(NamingPolicy = JsonNamingPolicy.SnakeCaseLower))
            let csharp = snake.ToLiteralAsync(BatchRequest([| InferenceRequest(1.0, 2.0); InferenceRequest(3.0, 4.0) |], "test_batch")).AsTask().Result
            Assert.Equal(msgpack csharp, msgpack fsharp)

        testCase "F# options are optional: nil when None and may be absent" <| fun () ->
            let value = { name = "n"; note = None; tags = [ "a" ]; scores = Map [ "s", 0.5 ]; retries = Some 3 }
            let literal = toLiteral value
            Assert.Equal(value, toValue<WithOptions> literal)
            // {"name": "n", "tags": [], "scores": {}} — note and retries absent
            let partial = Literal(Binary(Bytes.Wrap(Convert.FromHexString "83a46e616d65a16ea47461677390a673636f72657380"), Binary.MessagePackTag))
            Assert.Equal({ name = "n"; note = None; tags = []; scores = Map.empty; retries = None }, toValue<WithOptions> partial)

        testCase "F# option fields get the dataclass_type entry of Optional[T], exactly as the C# nullable members do" <| fun () ->
            let structure (t: Type) = (nonNull (engine.LiteralTypeOf t).Structure).DataclassType
            let fsharp = structure typeof<FSettings>
            // union[INTEGER#int, NONE#none] — one union, not a union of a union (propeller rejects that)
            let none = LiteralType.Of(SimpleType.None).WithTag "none"
            Assert.Equal(LiteralType.UnionOf(LiteralType.Of(SimpleType.Integer).WithTag "int", none), fsharp["Retries"])
            Assert.Equal(LiteralType.UnionOf(LiteralType.Of(SimpleType.String).WithTag "str", none), fsharp["Comment"])
            Assert.Equal<KeyValuePair<string, LiteralType>>(structure typeof<Settings>, fsharp)

        testPropertyWithConfig (Support.configWith 150) "positional records round trip" <| roundTrips point
        testPropertyWithConfig (Support.configWith 150) "init-only records with optionals and lists round trip" <| roundTrips settings
        testPropertyWithConfig (Support.configWith 150) "inherited records with enums round trip" <| roundTrips dog
        testPropertyWithConfig (Support.configWith 150) "classes with settable properties round trip" <| roundTrips mutableClass
        testPropertyWithConfig (Support.configWith 150) "classes with a matching constructor round trip" <| roundTrips account
        testPropertyWithConfig (Support.configWith 150) "recursive records round trip" <| roundTrips (node 3)
        testPropertyWithConfig (Support.configWith 150) "nested records with every field kind round trip" <| roundTrips everything
        testPropertyWithConfig (Support.configWith 150) "F# records with maps round trip" <| roundTrips fdatum
        testPropertyWithConfig (Support.configWith 150) "F# records with options, lists and maps round trip" <| roundTrips withOptions

        testCase "the record literal type survives protobuf bytes" <| fun () ->
            for t in [ engine.LiteralTypeOf<Everything>(); engine.LiteralTypeOf<WithOptions>(); engine.LiteralTypeOf<Node>() ] do
                Assert.Equal(t, ProtoSerializer.LiteralTypeFromBytes(ProtoSerializer.ToBytes t))
                Assert.NotNull(t.Metadata)

        testCase "an F# record's schema is mashumaro's, field for field the C# twin's" <| fun () ->
            let schemaOf (t: Type) : Nodes.JsonObject = (nonNull (engine.LiteralTypeOf t).Metadata).ToJson()
            let fsharp = schemaOf typeof<SchemaShapes>
            let csharp = schemaOf typeof<Flyte.Tests.Records.SchemaShapes>
            let property (schema: Nodes.JsonObject) (name: string) = (nonNull schema["properties"])[name]
            for name in [ "Count"; "Ratio"; "At"; "Took"; "Id"; "Price"; "Retries"; "Note"; "Tags"; "Labels"; "Scores"; "Color"; "Maybe" ] do
                let f = property fsharp name
                let c = property csharp name
                Assert.True(Nodes.JsonNode.DeepEquals(c, f), $"{name}: F# {f} vs C# {c}")
            let required (schema: Nodes.JsonObject) = string schema["required"]
            Assert.Equal(required csharp, required fsharp)

        testCase "an F# option or list of files is described as flytekit's FlyteFile, as in C#" <| fun () ->
            let schemaOf (t: Type) : Nodes.JsonObject = (nonNull (engine.LiteralTypeOf t).Metadata).ToJson()
            let fsharp = schemaOf typeof<FOffloaded>
            let csharp = schemaOf typeof<OffloadedShapes>
            for name in [ "Extra"; "Files" ] do
                let f = (nonNull fsharp["properties"])[name]
                let c = (nonNull csharp["properties"])[name]
                Assert.True(Nodes.JsonNode.DeepEquals(c, f), $"{name}: F# {f} vs C# {c}")
            let at (name: string) (node: Nodes.JsonNode) = nonNull node[name]
            Assert.Equal("FlyteFile", fsharp |> at "properties" |> at "Files" |> at "items" |> at "title" |> string)
    ]
