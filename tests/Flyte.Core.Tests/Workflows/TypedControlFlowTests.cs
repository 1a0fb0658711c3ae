using Flyte.Workflows;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Flyte.Tests.Workflows;

/// <summary>
/// The C# builder's control flow is typed: a comparison of a float promise with a string, or a map over a promise that
/// is not a list, is a compile error (compiled here with Roslyn against Flyte.Core), while the well-typed twin compiles.
/// </summary>
public sealed class TypedControlFlowTests
{
    private const string Prelude = """
        using System.Collections.Generic;
        using Flyte.Tasks;
        using Flyte.Workflows;
        static class Example
        {
            static readonly FlyteTask<double, double> Square = FlyteTask.Define("square", (double n) => n * n);
            static readonly FlyteTask<double, string> Show = FlyteTask.Define("show", (double n) => n.ToString());
            static readonly MapOptions Tolerant = new() { MinSuccessRatio = 0.5 };
            static WorkflowSpec Build() => FlyteWorkflow.Define("wf").Input<double>("x").Input<IReadOnlyList<double>>("xs")
        """;

    private static IReadOnlyList<Diagnostic> Errors(string step)
    {
        var source = Prelude + "\n        .Then((b, x, xs) => " + step + ").Build();\n}\n";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(FlyteWorkflow).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("typed_control_flow", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [Fact]
    public void The_well_typed_branch_and_map_compile()
    {
        Assert.Empty(Errors("b.If(\"fractions\", x.Gte(0.1), c => c.Call(Square, x)).Else(c => c.Call(Square, x))"));
        Assert.Empty(Errors("b.Map(Square, xs)"));
        // One MapOptional name for value and reference results: nullable elements of either kind.
        Assert.Empty(Errors("{ Promise<IReadOnlyList<double?>> squares = b.MapOptional(Square, xs, Tolerant); return squares; }"));
        Assert.Empty(Errors("{ Promise<IReadOnlyList<string?>> shown = b.MapOptional(Show, xs, Tolerant); return shown; }"));
    }

    [Fact]
    public void A_float_promise_compared_with_a_string_does_not_compile()
    {
        var error = Assert.Single(Errors("b.If(\"fractions\", x.Gte(\"0.1\"), c => c.Call(Square, x)).Else(c => c.Call(Square, x))"));
        Assert.Equal("CS1503", error.Id);
        Assert.Contains("cannot convert from 'string'", error.GetMessage());
    }

    [Fact]
    public void A_map_over_a_promise_that_is_not_a_list_does_not_compile()
    {
        var error = Assert.Single(Errors("b.Map(Square, x)"));
        Assert.Contains("Promise<double>", error.GetMessage());
        Assert.Contains("IReadOnlyList", error.GetMessage());
    }
}
