namespace Flyte.FSharp.Json

// JsonValue.TryGetValue<T> marks its out value [MaybeNull]; F# cannot express that for struct T and warns (FS3265).
// The values are only read when TryGetValue returned true.
#nowarn "3265"

open System
open System.Text.Json
open System.Text.Json.Nodes
open System.Threading.Tasks
open Flyte
open Flyte.MessagePack
open Flyte.Types

/// Moves JSON between System.Text.Json and the two STRUCT literal encodings: msgpack (written) and protobuf Struct (read).
module internal JsonLiterals =
    let rec toMessagePack (node: JsonValueOrNull) : MessagePackValue =
        match node with
        | null -> MessagePackValue.Nil
        | :? JsonObject as o ->
            MessagePackValue.MapValue(
                o |> Seq.map (fun kv -> MessagePackEntry(MessagePackValue.StringValue kv.Key, toMessagePack kv.Value)) |> ValueList.ToValueList)
        | :? JsonArray as a -> MessagePackValue.ArrayValue(a |> Seq.map toMessagePack |> ValueList.ToValueList)
        | value ->
            let v = value.AsValue()
            match v.TryGetValue<JsonElement>() with
            | true, element -> ofElement element
            | _ ->
                // Built by an encoder: the .NET type says float or integer (JSON text would print 1.0 as 1, and
                // flytekit writes float fields as float64 always).
                match v.TryGetValue<double>(), v.TryGetValue<single>(), v.TryGetValue<decimal>() with
                | (true, d), _, _ -> MessagePackValue.FloatValue d
                | _, (true, f), _ -> MessagePackValue.FloatValue(float f)
                | _, _, (true, m) -> MessagePackValue.FloatValue(float m)
                | _ ->
                    use document = JsonDocument.Parse(value.ToJsonString())
                    ofElement document.RootElement

    and private ofElement (element: JsonElement) : MessagePackValue =
        match element.ValueKind with
        | JsonValueKind.String -> MessagePackValue.StringValue(element.GetString() |> nonNull)
        | JsonValueKind.True -> MessagePackValue.BooleanValue true
        | JsonValueKind.False -> MessagePackValue.BooleanValue false
        | JsonValueKind.Number ->
            match element.TryGetInt64() with
            | true, i -> MessagePackValue.IntegerValue i
            | _ -> MessagePackValue.FloatValue(element.GetDouble())
        | JsonValueKind.Object | JsonValueKind.Array -> toMessagePack (JsonNode.Parse(element.GetRawText()))
        | _ -> MessagePackValue.Nil

    let rec ofMessagePack (value: MessagePackValue) : JsonValueOrNull =
        match value with
        | :? MessagePackValue.NilValue -> null
        | :? MessagePackValue.BooleanValue as b -> JsonValue.Create b.Value
        | :? MessagePackValue.IntegerValue as i when i.FitsInt64 -> JsonValue.Create(i.ToInt64())
        | :? MessagePackValue.IntegerValue as i -> JsonValue.Create(i.ToUInt64())
        | :? MessagePackValue.FloatValue as f -> JsonValue.Create f.Value
        | :? MessagePackValue.StringValue as s -> JsonValue.Create s.Value
        | :? MessagePackValue.BinaryValue as b -> JsonValue.Create(Convert.ToBase64String(b.Value.ToArray()))
        | :? MessagePackValue.ArrayValue as a -> JsonNodes.arrayOf (a.Items |> Seq.map ofMessagePack)
        | :? MessagePackValue.MapValue as m ->
            JsonNodes.objectOf (m.Entries |> Seq.map (fun e ->
                let key = match e.Key with :? MessagePackValue.StringValue as s -> s.Value | k -> string k
                key, ofMessagePack e.Value))
        | other -> JsonValue.Create(string other)

    let rec ofStructValue (value: StructValue) : JsonValueOrNull =
        match value with
        | :? StructValue.Null -> null
        | :? StructValue.Number as n -> JsonValue.Create n.Value
        | :? StructValue.String as s -> JsonValue.Create s.Value
        | :? StructValue.Bool as b -> JsonValue.Create b.Value
        | :? StructValue.Object as o -> ofStruct o.Value
        | :? StructValue.List as l -> JsonNodes.arrayOf (l.Values |> Seq.map ofStructValue)
        | other -> invalidArg (nameof value) $"unknown Struct value {other}"

    and ofStruct (value: Struct) : JsonValueOrNull =
        JsonNodes.objectOf (value.Fields |> Seq.map (fun kv -> kv.Key, ofStructValue kv.Value))

    /// Runs a decoder on a JSON node (null is JSON null).
    let decode (decoder: Decoder<'T>) (node: JsonValueOrNull) =
        let text = match node with null -> "null" | n -> n.ToJsonString()
        use document = JsonDocument.Parse text
        Decode.fromElement decoder document.RootElement

/// A transformer built from a Thoth-style encoder/decoder pair (see `Transformer.ofCodec`).
/// <para>The Flyte type is STRUCT with flytekit's msgpack cache-key annotation and no JSON schema (a nil schema is
/// castable to any STRUCT, so Python tasks typed `dict` or a dataclass accept it). A value is
/// `Binary{msgpack of the JSON, "msgpack"}`, as flytekit ≥ 1.14 writes dicts and dataclasses, so integers stay exact.
/// Reading accepts that and a `Generic` (protobuf Struct) literal, as older flytekit and the console send.</para>
type CodecTransformer<'T>(name: string, encoder: Encoder<'T>, decoder: Decoder<'T>) =
    inherit TypeTransformer<'T>()

    static let literalType =
        let format = Struct.Of(struct ("serialization-format", StructValue.String "msgpack" :> StructValue))
        LiteralType(TypeKind.Simple SimpleType.Struct,
                    Annotation = TypeAnnotation(Struct.Of(struct ("cache-key-metadata", StructValue.Object format :> StructValue))))

    /// The name given to `Transformer.ofCodec`.
    override _.Name = name

    /// STRUCT with the msgpack cache-key annotation.
    override _.LiteralType = literalType

    /// The encoder's JSON as a msgpack Binary.
    override _.ToLiteralAsync(value, _) =
        let bytes = (JsonLiterals.toMessagePack (encoder value)).Encode()
        ValueTask<Literal>(Literal(Binary(Bytes.Wrap bytes, Binary.MessagePackTag)))

    /// The decoder's reading of a msgpack Binary or a Struct; a decoder error becomes a TypeTransformerException
    /// whose path is the JSON path.
    override this.ToValueAsync(literal, _) =
        let json =
            match literal.Value with
            | :? Binary as b when b.Tag = Binary.MessagePackTag ->
                try
                    JsonLiterals.ofMessagePack (MessagePackValue.Decode b.Value.Span)
                with :? MessagePackException as e ->
                    raise (TypeTransformerException(literalType, string literal, "The msgpack payload is malformed: " + e.Message, e))
            | :? Generic as g -> JsonLiterals.ofStruct g.Value
            | _ -> raise (TypeTransformerException(literalType, string literal, $"{this.Name} is read from a msgpack Binary or a Struct."))
        match JsonLiterals.decode decoder json with
        | Ok value -> ValueTask<'T>(value)
        | Error e ->
            let error = TypeTransformerException(literalType, e.Found, $"{this.Name}: expected {e.Expected}.")
            let segments = e.Path.TrimStart('$').TrimStart('.')
            raise (if segments.Length = 0 then error else error.AtPath segments)
