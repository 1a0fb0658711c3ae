module Flyte.FSharp.Tests.ModelTests

open Expecto
open Flyte
open Flyte.FSharp
open Xunit

[<Tests>]
let tests =
    testList "Model" [
        testCase "active patterns see through a collection of integers" <| fun () ->
            let literal = Literal(LiteralCollection(ValueList.Of(Literal(Primitive.Integer 1L), Literal(Primitive.Integer 2L))))
            let values =
                match literal with
                | Collection items -> items |> List.map (function Scalar(Integer i) -> i | other -> failwithf "unexpected %O" other)
                | other -> failwithf "unexpected %O" other
            Assert.Equal<int64 list>([ 1L; 2L ], values)
    ]
