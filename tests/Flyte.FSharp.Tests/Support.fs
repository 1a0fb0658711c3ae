/// What every test file needs: the F# engine, synchronous conversions and FsCheck round-trip properties.
module Flyte.FSharp.Tests.Support

open Expecto
open FsCheck
open FsCheck.FSharp
open Flyte
open Flyte.FSharp

/// The engine under test: Core's default with the F# families in front.
let engine = TypeEngine.Default

let toLiteral (value: 'T) : Literal = (TypeEngine.toLiteral engine value).GetAwaiter().GetResult()

let toValue<'T> (literal: Literal) : 'T = (TypeEngine.toValue<'T> engine literal).GetAwaiter().GetResult()

let roundTrip (value: 'T) : 'T = value |> toLiteral |> toValue<'T>

/// Generators for values F# code really has: strings are never null in F# code (FsCheck sometimes makes them null).
type NonNullStrings =
    static member String() : Arbitrary<string> =
        ArbMap.defaults.ArbFor<string | null>()
        |> Arb.filter (fun s -> not (isNull s))
        |> Arb.convert (fun s -> nonNull s) (fun s -> s)

    /// F# maps compare floats with IEEE equality (NaN ≠ NaN), so generated floats are finite; Core's float
    /// transformer's own tests cover NaN and infinities.
    static member Float() : Arbitrary<float> =
        ArbMap.defaults.ArbFor<NormalFloat>() |> Arb.convert (fun (NormalFloat f) -> f) NormalFloat

let arbitraries = ArbMap.defaults |> ArbMap.mergeWith<NonNullStrings>

/// FLYTE_FSCHECK_REPLAY: the seed a failing property printed ("seed, gamma, size", as in its
/// `etestPropertyWithConfig (…UL, …UL, Some …)` line), to run it again with the same values.
let private replay =
    match System.Environment.GetEnvironmentVariable "FLYTE_FSCHECK_REPLAY" with
    | null | "" -> None
    | text ->
        let parts = text.Replace("UL", "").Replace("Some", "").Trim('(', ')', ' ').Split(',') |> Array.map _.Trim()
        match parts |> Array.map System.UInt64.TryParse with
        | [| (true, seed); (true, gamma); (true, size) |] -> Some(seed, gamma, Some(int size))
        | _ -> failwith $"FLYTE_FSCHECK_REPLAY is \"{text}\"; expected seed, gamma, size as a failing property prints them"

/// The suite's FsCheck settings: `Flyte.Testing.Properties.DefaultMaxTest` (200) cases per property, or the replay of
/// FLYTE_FSCHECK_REPLAY.
let config = { FsCheckConfig.defaultConfig with maxTest = Flyte.Testing.Properties.DefaultMaxTest; replay = replay }

/// `config` with `maxTest` cases.
let configWith maxTest = { config with maxTest = maxTest }

/// value → literal → value is the identity (run it with `testPropertyWithConfig config`).
let roundTripProperty<'T when 'T: equality> () =
    Prop.forAll (arbitraries.ArbFor<'T>()) (fun (value: 'T) ->
        let back = roundTrip value
        System.Object.Equals(back, value) |> Prop.label $"{value} came back as {back}")

let intType = LiteralType.Of SimpleType.Integer
let stringType = LiteralType.Of SimpleType.String
let int (i: int64) = Literal(Primitive.Integer i)
let str (s: string) = Literal(Primitive.StringValue s)

/// The exception a conversion raises.
let raisesTransformerError (f: unit -> 'a) : Flyte.Types.TypeTransformerException =
    Xunit.Assert.Throws<Flyte.Types.TypeTransformerException>(fun () -> f () |> ignore)

/// The tag of a union value's variant.
let tagOf (u: Union) = (nonNull u.Type.Structure).Tag
