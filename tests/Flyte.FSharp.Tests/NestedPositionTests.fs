/// Every transformer law, including "a value nested in a one-field record round-trips", for the F# families.
module Flyte.FSharp.Tests.NestedPositionTests

open Expecto
open Flyte.FSharp
open Flyte.Testing
open Flyte.FSharp.Tests.UnionsTests
open Xunit

type Sample = { id: int; tags: string list; note: string option }

let private engine = TypeEngine.Default

[<Tests>]
let tests =
    testList "NestedPosition" [
        testCase "F# lists, sets and maps obey every law" <| fun () ->
            Laws.check<int list> engine
            Laws.check<Set<int>> engine
            Laws.check<Map<int, bool>> engine
            Laws.checkValue engine (Map.ofList [ "a", 1; "b", 2 ])
            Laws.checkValue engine [ [ 1.5 ]; []; [ 2.0; 3.0 ] ]

        // Law (4) does not hold for F# options yet: the engine guesses union(T, none) as Core's optional, not as an option.
        testCase "F# options and value options round-trip nested in a record" <| fun () ->
            for value in [ Some 1; None; Some -7 ] do Laws.checkNestedValueWith engine (=) value
            for value in [ ValueSome true; ValueNone ] do Laws.checkNestedValueWith engine (=) value
            for value in [ Some "text"; None ] do Laws.checkNestedValueWith engine (=) value

        testCase "F# unions and records obey every law" <| fun () ->
            Laws.checkValue engine (Circle 1.5)
            Laws.checkValue engine (Rectangle(2.0, 3.0))
            Laws.checkValue engine Shape.Dot
            Laws.checkValue engine (Node [ Leaf 1; Node [ Leaf 2 ] ])
            Laws.checkValue engine { id = 1; tags = [ "a"; "b" ]; note = Some "n" }
            Laws.checkValue engine { id = 2; tags = []; note = None }
    ]
