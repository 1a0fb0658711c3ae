namespace Flyte.Tasks;

/// <summary>One named, typed input or output of a task or workflow (<c>flyteidl.core.Variable</c>).</summary>
/// <param name="Name">The name: a parameter name for inputs, <c>o0</c>, <c>o1</c>… for outputs.</param>
/// <param name="Type">The Flyte type of the values it carries.</param>
public sealed record Variable(string Name, LiteralType Type)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}";
}

/// <summary>The ordered inputs and outputs of a task or workflow (<c>flyteidl.core.TypedInterface</c>).</summary>
/// <param name="Inputs">Inputs in declaration order.</param>
/// <param name="Outputs">Outputs in declaration order.</param>
public sealed record TypedInterface(ValueList<Variable> Inputs, ValueList<Variable> Outputs)
{
    /// <summary>No inputs, no outputs.</summary>
    public static TypedInterface Empty { get; } = new(ValueList<Variable>.Empty, ValueList<Variable>.Empty);

    /// <summary>The name Flyte gives the output at <paramref name="index"/>: <c>o0</c>, <c>o1</c>, ….</summary>
    public static string OutputName(int index) => "o" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The input called <paramref name="name"/>, or null.</summary>
    public Variable? Input(string name) => Inputs.FirstOrDefault(v => v.Name == name);

    /// <summary>The output called <paramref name="name"/>, or null.</summary>
    public Variable? Output(string name) => Outputs.FirstOrDefault(v => v.Name == name);

    /// <inheritdoc />
    public override string ToString() => $"({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";
}
