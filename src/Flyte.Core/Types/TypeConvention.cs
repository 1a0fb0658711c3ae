using System.Reflection;

namespace Flyte.Types;

/// <summary>
/// What a language package knows about its own types and Flyte.Core cannot (Flyte.Core references no language
/// runtime): which types are records and in what field order, which member types may hold no value, which result type
/// means "no output". Added to an engine with <see cref="TypeEngine.AddConvention"/>; the first convention with an
/// opinion wins, and without one the C# rules apply. Flyte.FSharp adds F#'s (records, options, unit).
/// </summary>
public abstract class TypeConvention
{
    /// <summary>
    /// The record layout of <paramref name="type"/>, <see cref="RecordLayout.NotARecord"/> when the type must not be
    /// treated as a record (e.g. a class of the language that only looks like one), or null for no opinion.
    /// </summary>
    public virtual RecordLayout? RecordLayoutOf(Type type) => null;

    /// <summary>Whether a record member of <paramref name="type"/> may hold no value (an option type), so it may be absent.</summary>
    public virtual bool IsOptional(Type type) => false;

    /// <summary>Whether a task whose result has <paramref name="type"/> has no outputs (as <c>void</c>).</summary>
    public virtual bool IsNoValue(Type type) => false;
}

/// <summary>A record as a language defines it: its fields in wire order and the constructor taking them in that order.</summary>
public sealed class RecordLayout
{
    /// <summary>A layout of <paramref name="fields"/> built by <paramref name="constructor"/>, whose parameters are the fields in order.</summary>
    public RecordLayout(ConstructorInfo constructor, IReadOnlyList<PropertyInfo> fields)
    {
        Constructor = constructor;
        Fields = fields;
    }

    private RecordLayout()
    {
        Constructor = null!;
        Fields = [];
    }

    /// <summary>The answer "this type is not a record".</summary>
    public static RecordLayout NotARecord { get; } = new();

    /// <summary>The constructor taking every field, in order.</summary>
    public ConstructorInfo Constructor { get; }

    /// <summary>The fields in wire order.</summary>
    public IReadOnlyList<PropertyInfo> Fields { get; }
}
