namespace Flyte.FSharp.Json

open System
open System.Text.Json
open System.Text.Json.Nodes
open System.Threading.Tasks
open Flyte
open Flyte.MessagePack
open Flyte.Types
open Flyte.Types.Json

/// Runs the decoders on JSON; JSON ⇄ msgpack / Struct is Flyte.Core's `MessagePackJson`.
module internal JsonLiterals =
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
        let bytes = MessagePackJson.ToMsgPack(encoder value)
        ValueTask<Literal>(Literal(Binary(Bytes.Wrap bytes, Binary.MessagePackTag)))

    /// The decoder's reading of a msgpack Binary or a Struct; a decoder error becomes a TypeTransformerException
    /// whose path is the JSON path.
    override this.ToValueAsync(literal, _) =
        let json =
            match literal.Value with
            | :? Binary as b when b.Tag = Binary.MessagePackTag ->
                try
                    MessagePackJson.FromMsgPack b.Value.Span
                with :? MessagePackException as e ->
                    raise (TypeTransformerException(literalType, string literal, "The msgpack payload is malformed: " + e.Message, e))
            | :? Generic as g -> MessagePackJson.FromStruct g.Value
            | _ -> raise (TypeTransformerException(literalType, string literal, $"{this.Name} is read from a msgpack Binary or a Struct."))
        match JsonLiterals.decode decoder json with
        | Ok value -> ValueTask<'T>(value)
        | Error e ->
            let error = TypeTransformerException(literalType, e.Found, $"{this.Name}: expected {e.Expected}.")
            let segments = e.Path.TrimStart('$').TrimStart('.')
            raise (if segments.Length = 0 then error else error.AtPath segments)
