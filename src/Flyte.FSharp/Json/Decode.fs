namespace Flyte.FSharp.Json

open System
open System.Globalization
open System.Text.Json

/// Where and why a decoder failed: the JSON path (`$.requests[2].feature_a`), what was expected and what was found.
type DecoderError =
    { /// The JSON path of the bad value, `$` for the whole document.
      Path: string
      /// What the decoder expected there.
      Expected: string
      /// The JSON found there (shortened), or a description of what is missing.
      Found: string }

    /// "Error at $.x: expected a float, found \"a\"".
    override this.ToString() = $"Error at {this.Path}: expected {this.Expected}, found {this.Found}"

/// Reads a value from the JSON element found at a path (the path is used only for errors).
type Decoder<'T> = string -> JsonElement -> Result<'T, DecoderError>

/// Thoth-style JSON decoders over System.Text.Json. Errors carry the JSON path of the failure.
[<RequireQualifiedAccess>]
module Decode =
    let private found (element: JsonElement) =
        let text = element.GetRawText()
        if text.Length > 60 then text.Substring(0, 57) + "..." else text

    let private error path expected (element: JsonElement) : Result<'T, DecoderError> =
        Error { Path = path; Expected = expected; Found = found element }

    /// A decoder that always fails with `message` as what was expected.
    [<CompiledName("Fail")>]
    let fail (message: string) : Decoder<'T> = fun path element -> error path message element

    /// A decoder that ignores the JSON and returns `value`.
    [<CompiledName("Succeed")>]
    let succeed (value: 'T) : Decoder<'T> = fun _ _ -> Ok value

    /// A JSON string.
    [<CompiledName("String")>]
    let string: Decoder<string> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.String -> Ok(element.GetString() |> nonNull)
            | _ -> error path "a string" element

    /// A JSON number that is a 32-bit integer.
    [<CompiledName("Int")>]
    let int: Decoder<int> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Number ->
                match element.TryGetInt32() with
                | true, value -> Ok value
                | _ ->
                    // Struct numbers are doubles: 3.0 is still the integer 3.
                    let d = element.GetDouble()
                    if d = Math.Floor d && d >= float Int32.MinValue && d <= float Int32.MaxValue then Ok(Operators.int d)
                    else error path "an integer (int32)" element
            | _ -> error path "an integer (int32)" element

    /// A JSON number that is a 64-bit integer.
    [<CompiledName("Int64")>]
    let int64: Decoder<int64> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Number ->
                match element.TryGetInt64() with
                | true, value -> Ok value
                | _ ->
                    let d = element.GetDouble()
                    if d = Math.Floor d && abs d < 9.2e18 then Ok(Operators.int64 d) else error path "an integer (int64)" element
            | _ -> error path "an integer (int64)" element

    /// A JSON number.
    [<CompiledName("Float")>]
    let float: Decoder<float> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Number -> Ok(element.GetDouble())
            | _ -> error path "a number" element

    /// A JSON number as a decimal.
    [<CompiledName("Decimal")>]
    let decimal: Decoder<decimal> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Number ->
                match element.TryGetDecimal() with
                | true, value -> Ok value
                | _ -> error path "a decimal" element
            | _ -> error path "a decimal" element

    /// A JSON boolean.
    [<CompiledName("Bool")>]
    let bool: Decoder<bool> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.True -> Ok true
            | JsonValueKind.False -> Ok false
            | _ -> error path "a boolean" element

    /// A string holding a GUID.
    [<CompiledName("Guid")>]
    let guid: Decoder<Guid> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.String ->
                match Guid.TryParse(element.GetString()) with
                | true, value -> Ok value
                | _ -> error path "a GUID" element
            | _ -> error path "a GUID" element

    /// A string holding an ISO 8601 point in time (kept in UTC when it has an offset or `Z`).
    [<CompiledName("DateTime")>]
    let datetime: Decoder<DateTime> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.String ->
                match DateTime.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) with
                | true, value -> Ok(if value.Kind = DateTimeKind.Local then value.ToUniversalTime() else value)
                | _ -> error path "an ISO 8601 datetime" element
            | _ -> error path "an ISO 8601 datetime" element

    /// JSON null, read as `value`.
    [<CompiledName("Nil")>]
    let nil (value: 'T) : Decoder<'T> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Null -> Ok value
            | _ -> error path "null" element

    /// The JSON element itself (a clone, safe to keep after its document is gone).
    [<CompiledName("Value")>]
    let value: Decoder<JsonElement> = fun _ element -> Ok(element.Clone())

    /// None for JSON null, else Some of what `decoder` reads.
    [<CompiledName("Option")>]
    let option (decoder: Decoder<'T>) : Decoder<'T option> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Null -> Ok None
            | _ -> decoder path element |> Result.map Some

    /// The field `name` of a JSON object, read with `decoder`; a missing field is an error.
    [<CompiledName("Field")>]
    let field (name: string) (decoder: Decoder<'T>) : Decoder<'T> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Object ->
                match element.TryGetProperty name with
                | true, value -> decoder $"{path}.{name}" value
                | _ -> Error { Path = $"{path}.{name}"; Expected = "a field \"" + name + "\""; Found = "nothing (the field is missing)" }
            | _ -> error path "an object" element

    /// The field `name` of a JSON object read with `decoder`, or None when the field is missing or null.
    [<CompiledName("OptionalField")>]
    let optionalField (name: string) (decoder: Decoder<'T>) : Decoder<'T option> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Object ->
                match element.TryGetProperty name with
                | true, value when value.ValueKind <> JsonValueKind.Null -> decoder $"{path}.{name}" value |> Result.map Some
                | _ -> Ok None
            | _ -> error path "an object" element

    /// The value at a path of field names: `Decode.at [ "a"; "b" ] Decode.int` reads `{"a": {"b": 1}}`.
    [<CompiledName("At")>]
    let at (names: string list) (decoder: Decoder<'T>) : Decoder<'T> =
        List.foldBack field names decoder

    /// The element at `index` of a JSON array.
    [<CompiledName("Index")>]
    let index (index: int) (decoder: Decoder<'T>) : Decoder<'T> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Array when index >= 0 && index < element.GetArrayLength() -> decoder $"{path}[{index}]" element[index]
            | JsonValueKind.Array -> error path $"an array with an element at index {index}" element
            | _ -> error path "an array" element

    /// A JSON array, each element read with `decoder`; the first bad element fails the whole.
    [<CompiledName("Array")>]
    let array (decoder: Decoder<'T>) : Decoder<'T array> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Array ->
                let values = Array.zeroCreate (element.GetArrayLength())
                let mutable failure = None
                let mutable i = 0
                while failure.IsNone && i < values.Length do
                    match decoder $"{path}[{i}]" element[i] with
                    | Ok v -> values[i] <- v
                    | Error e -> failure <- Some e
                    i <- i + 1
                match failure with
                | Some e -> Error e
                | None -> Ok values
            | _ -> error path "an array" element

    /// A JSON array as a list.
    [<CompiledName("List")>]
    let list (decoder: Decoder<'T>) : Decoder<'T list> = fun path element -> array decoder path element |> Result.map List.ofArray

    /// The properties of a JSON object, in document order, values read with `decoder`.
    [<CompiledName("KeyValuePairs")>]
    let keyValuePairs (decoder: Decoder<'T>) : Decoder<(string * 'T) list> =
        fun path element ->
            match element.ValueKind with
            | JsonValueKind.Object ->
                let folder (state: Result<(string * 'T) list, DecoderError>) (property: JsonProperty) =
                    state |> Result.bind (fun acc -> decoder $"{path}.{property.Name}" property.Value |> Result.map (fun v -> (property.Name, v) :: acc))
                element.EnumerateObject() |> Seq.fold folder (Ok []) |> Result.map List.rev
            | _ -> error path "an object" element

    /// A JSON object as a map.
    [<CompiledName("Dict")>]
    let dict (decoder: Decoder<'T>) : Decoder<Map<string, 'T>> =
        fun path element -> keyValuePairs decoder path element |> Result.map Map.ofList

    /// The first decoder that succeeds; when none does, the error lists what each expected.
    [<CompiledName("OneOf")>]
    let oneOf (decoders: Decoder<'T> list) : Decoder<'T> =
        fun path element ->
            let rec go errors decoders =
                match decoders with
                | [] ->
                    let expected = errors |> List.rev |> List.map (fun e -> $"{e.Expected} (at {e.Path})") |> String.concat " or "
                    Error { Path = path; Expected = "one of: " + expected; Found = found element }
                | decoder :: rest ->
                    match decoder path element with
                    | Ok v -> Ok v
                    | Error e -> go (e :: errors) rest
            go [] decoders

    /// Reads with `decoder`, then chooses the next decoder from the value (e.g. by a "kind" field).
    [<CompiledName("AndThen")>]
    let andThen (next: 'A -> Decoder<'B>) (decoder: Decoder<'A>) : Decoder<'B> =
        fun path element -> decoder path element |> Result.bind (fun a -> next a path element)

    /// Maps the value read.
    [<CompiledName("Map")>]
    let map (f: 'A -> 'B) (decoder: Decoder<'A>) : Decoder<'B> = fun path element -> decoder path element |> Result.map f

    /// Combines two decoders of the same JSON value (typically two fields).
    [<CompiledName("Map2")>]
    let map2 (f: 'A -> 'B -> 'R) (a: Decoder<'A>) (b: Decoder<'B>) : Decoder<'R> =
        fun path element ->
            match a path element, b path element with
            | Ok a, Ok b -> Ok(f a b)
            | Error e, _
            | _, Error e -> Error e

    let private apply (decoder: Decoder<'A>) (partial: Decoder<'A -> 'R>) : Decoder<'R> = map2 (fun f a -> f a) partial decoder

    /// Combines three decoders.
    [<CompiledName("Map3")>]
    let map3 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) : Decoder<'R> = map2 f a b |> apply c

    /// Combines four decoders.
    [<CompiledName("Map4")>]
    let map4 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) (d: Decoder<'D>) : Decoder<'R> = map3 f a b c |> apply d

    /// Combines five decoders.
    [<CompiledName("Map5")>]
    let map5 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) (d: Decoder<'D>) (e: Decoder<'E>) : Decoder<'R> =
        map4 f a b c d |> apply e

    /// Combines six decoders.
    [<CompiledName("Map6")>]
    let map6 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) (d: Decoder<'D>) (e: Decoder<'E>) (g: Decoder<'G>) : Decoder<'R> =
        map5 f a b c d e |> apply g

    /// Combines seven decoders.
    [<CompiledName("Map7")>]
    let map7 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) (d: Decoder<'D>) (e: Decoder<'E>) (g: Decoder<'G>) (h: Decoder<'H>) : Decoder<'R> =
        map6 f a b c d e g |> apply h

    /// Combines eight decoders.
    [<CompiledName("Map8")>]
    let map8 f (a: Decoder<'A>) (b: Decoder<'B>) (c: Decoder<'C>) (d: Decoder<'D>) (e: Decoder<'E>) (g: Decoder<'G>) (h: Decoder<'H>) (i: Decoder<'I>) : Decoder<'R> =
        map7 f a b c d e g h |> apply i

    /// A two-element JSON array as a pair.
    [<CompiledName("Tuple2")>]
    let tuple2 (first: Decoder<'A>) (second: Decoder<'B>) : Decoder<'A * 'B> = map2 (fun a b -> a, b) (index 0 first) (index 1 second)

    /// Reads a JSON element from the root path `$`.
    [<CompiledName("FromElement")>]
    let fromElement (decoder: Decoder<'T>) (element: JsonElement) : Result<'T, DecoderError> = decoder "$" element

    /// Parses JSON text and reads it; malformed JSON is an error at `$`.
    [<CompiledName("FromString")>]
    let fromString (decoder: Decoder<'T>) (json: string) : Result<'T, DecoderError> =
        try
            use document = JsonDocument.Parse json
            decoder "$" document.RootElement
        with :? JsonException as e ->
            Error { Path = "$"; Expected = "valid JSON"; Found = e.Message }
