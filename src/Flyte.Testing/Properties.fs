/// Runs FsCheck properties from any test framework: a failing property throws with FsCheck's report.
module Flyte.Testing.Properties

open FsCheck

/// The default number of cases per property.
[<Literal>]
let DefaultMaxTest = 200

/// Checks a property with <paramref name="maxTest"/> cases, throwing on the first counter-example.
let checkWith (maxTest: int) (property: Property) =
    Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), property)

/// Checks a property with the default number of cases, throwing on the first counter-example.
let check (property: Property) = checkWith DefaultMaxTest property
