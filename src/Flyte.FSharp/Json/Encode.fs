namespace Flyte.FSharp.Json

open System
open System.Collections.Generic
open System.Globalization
open System.Text.Json
open System.Text.Json.Nodes

/// A JSON value as System.Text.Json builds it; JSON null is a null node.
type JsonValueOrNull = JsonNode | null

/// Builds System.Text.Json containers (their constructors' nullable generic arguments do not reach F#).
module internal JsonNodes =
    let objectOf (fields: (string * JsonValueOrNull) seq) : JsonNode =
        let o = JsonObject()
        for (name, value) in fields do
            o[name] <- value
        o

    let arrayOf (values: JsonValueOrNull seq) : JsonNode =
        let a = JsonArray()
        for value in values do
            a.Add value
        a

/// Turns a value into JSON.
type Encoder<'T> = 'T -> JsonValueOrNull

/// Thoth-style JSON encoders over System.Text.Json: small functions that compose into an encoder for any type.
/// `Encode.object [ "x", Encode.float c.x; "y", Encode.float c.y ]`.
[<RequireQualifiedAccess>]
module Encode =
    /// A JSON string.
    [<CompiledName("String")>]
    let string (value: string) : JsonValueOrNull = JsonValue.Create value

    /// A JSON number from a 32-bit integer.
    [<CompiledName("Int")>]
    let int (value: int) : JsonValueOrNull = JsonValue.Create value

    /// A JSON number from a 64-bit integer (exact in JSON text; readers may parse it as a double).
    [<CompiledName("Int64")>]
    let int64 (value: int64) : JsonValueOrNull = JsonValue.Create value

    /// A JSON number from a float. NaN and infinities have no JSON form and raise an ArgumentException.
    [<CompiledName("Float")>]
    let float (value: float) : JsonValueOrNull =
        if Double.IsFinite value then JsonValue.Create value
        else invalidArg (nameof value) $"{value} has no JSON representation."

    /// A JSON number from a decimal.
    [<CompiledName("Decimal")>]
    let decimal (value: decimal) : JsonValueOrNull = JsonValue.Create value

    /// A JSON boolean.
    [<CompiledName("Bool")>]
    let bool (value: bool) : JsonValueOrNull = JsonValue.Create value

    /// JSON null.
    [<CompiledName("Nil")>]
    let nil: JsonValueOrNull = null

    /// A GUID as its "D" string.
    [<CompiledName("Guid")>]
    let guid (value: Guid) : JsonValueOrNull = string (value.ToString "D")

    /// A point in time as an ISO 8601 round-trip string.
    [<CompiledName("DateTime")>]
    let datetime (value: DateTime) : JsonValueOrNull = string (value.ToString("O", CultureInfo.InvariantCulture))

    /// A point in time with offset as an ISO 8601 round-trip string.
    [<CompiledName("DateTimeOffset")>]
    let datetimeOffset (value: DateTimeOffset) : JsonValueOrNull = string (value.ToString("O", CultureInfo.InvariantCulture))

    /// A JSON object from (name, value) pairs, in order.
    [<CompiledName("Object")>]
    let object (fields: (string * JsonValueOrNull) seq) : JsonValueOrNull =
        JsonNodes.objectOf fields

    /// A JSON array of already-encoded values.
    [<CompiledName("List")>]
    let list (values: JsonValueOrNull list) : JsonValueOrNull = JsonNodes.arrayOf values

    /// A JSON array of already-encoded values.
    [<CompiledName("Array")>]
    let array (values: JsonValueOrNull array) : JsonValueOrNull = JsonNodes.arrayOf values

    /// A JSON array of already-encoded values.
    [<CompiledName("Seq")>]
    let seq (values: JsonValueOrNull seq) : JsonValueOrNull = JsonNodes.arrayOf values

    /// A JSON object from a string-keyed map of values, encoded with `encoder`.
    [<CompiledName("Dict")>]
    let dict (encoder: Encoder<'T>) (values: Map<string, 'T>) : JsonValueOrNull =
        values |> Seq.map (fun kv -> kv.Key, encoder kv.Value) |> object

    /// The value encoded with `encoder`, or null for None.
    [<CompiledName("Option")>]
    let option (encoder: Encoder<'T>) (value: 'T option) : JsonValueOrNull =
        match value with
        | Some v -> encoder v
        | None -> nil

    /// A pair as a two-element array.
    [<CompiledName("Tuple2")>]
    let tuple2 (first: Encoder<'A>) (second: Encoder<'B>) ((a, b): 'A * 'B) : JsonValueOrNull = list [ first a; second b ]

    /// Compact JSON text (`space = 0`) or indented by `space` spaces.
    [<CompiledName("ToString")>]
    let toString (space: int) (value: JsonValueOrNull) : string =
        match value with
        | null -> "null"
        | node ->
            let options = JsonSerializerOptions(WriteIndented = (space > 0))
            if space > 0 then
                options.IndentSize <- space
            node.ToJsonString options
