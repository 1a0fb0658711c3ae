using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>
/// Chooses the case of a branch as propeller does: the conditions in order, each operand a primitive (a promise is
/// looked up in the branch node's inputs by its name), the first that holds wins; else the else node, or the error.
/// Integers and floats compare with each other; booleans only for (in)equality; other mixes are a system error.
/// </summary>
public static class BranchEvaluation
{
    /// <summary>The node to run, or null when no case held and the branch ends in an error (then <paramref name="error"/> is its message).</summary>
    /// <exception cref="WorkflowBindingException">An operand is not a primitive, or two operands cannot be compared.</exception>
    public static Node? Choose(BranchTarget branch, LiteralMap inputs, out string? error)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var block in branch.Block.Cases)
            if (Holds(block.Condition, inputs))
            {
                error = null;
                return block.ThenNode;
            }
        error = branch.Block.ElseNode is null ? branch.Block.Error ?? "Condition failed" : null;
        return branch.Block.ElseNode;
    }

    /// <summary>Whether <paramref name="condition"/> holds for the branch node's <paramref name="inputs"/>.</summary>
    public static bool Holds(Condition condition, LiteralMap inputs) => condition switch
    {
        Condition.Conjunction { Operator: LogicalOperator.And } c => Holds(c.Left, inputs) && Holds(c.Right, inputs),
        Condition.Conjunction c => Holds(c.Left, inputs) || Holds(c.Right, inputs),
        Condition.Comparison c => Compare(c.Operator, Value(c.Left, inputs), Value(c.Right, inputs)),
        _ => throw new WorkflowBindingException($"Unknown condition {condition}."),
    };

    private static Primitive Value(Operand operand, LiteralMap inputs) => operand switch
    {
        Operand.Constant c => c.Value,
        Operand.Var v when inputs.Literals.TryGetValue(v.Name, out var literal) =>
            literal.Value as Primitive ?? throw new WorkflowBindingException($"Branch operand '{v.Name}' is {literal}, not a primitive; conditions compare primitives."),
        Operand.Var v => throw new WorkflowBindingException($"Branch operand '{v.Name}' is not among the branch node's inputs."),
        _ => throw new WorkflowBindingException($"Unknown operand {operand}."),
    };

    private static bool Compare(ComparisonOperator op, Primitive left, Primitive right)
    {
        int? order = (left, right) switch
        {
            (Primitive.Integer a, Primitive.Integer b) => a.Value.CompareTo(b.Value),
            (Primitive.FloatValue a, Primitive.FloatValue b) => a.Value.CompareTo(b.Value),
            (Primitive.Integer a, Primitive.FloatValue b) => ((double)a.Value).CompareTo(b.Value),
            (Primitive.FloatValue a, Primitive.Integer b) => a.Value.CompareTo(b.Value),
            (Primitive.StringValue a, Primitive.StringValue b) => string.CompareOrdinal(a.Value, b.Value),
            (Primitive.Datetime a, Primitive.Datetime b) => a.Value.CompareTo(b.Value),
            (Primitive.Duration a, Primitive.Duration b) => a.Value.CompareTo(b.Value),
            (Primitive.Boolean a, Primitive.Boolean b) when op is ComparisonOperator.Eq or ComparisonOperator.Neq => a.Value == b.Value ? 0 : 1,
            _ => null,
        };
        if (order is not { } o)
            throw new WorkflowBindingException($"Cannot compare {left} {Condition.Symbol(op)} {right}: the operands' types do not compare.");
        return op switch
        {
            ComparisonOperator.Eq => o == 0,
            ComparisonOperator.Neq => o != 0,
            ComparisonOperator.Gt => o > 0,
            ComparisonOperator.Gte => o >= 0,
            ComparisonOperator.Lt => o < 0,
            _ => o <= 0,
        };
    }
}
