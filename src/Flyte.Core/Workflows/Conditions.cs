namespace Flyte.Workflows;

/// <summary>How a comparison compares its operands (<c>flyteidl.core.ComparisonExpression.Operator</c>, same order).</summary>
public enum ComparisonOperator
{
    /// <summary><c>==</c></summary>
    Eq,
    /// <summary><c>!=</c></summary>
    Neq,
    /// <summary><c>&gt;</c></summary>
    Gt,
    /// <summary><c>&gt;=</c></summary>
    Gte,
    /// <summary><c>&lt;</c></summary>
    Lt,
    /// <summary><c>&lt;=</c></summary>
    Lte,
}

/// <summary>How a conjunction joins its sides (<c>flyteidl.core.ConjunctionExpression.LogicalOperator</c>, same order).</summary>
public enum LogicalOperator
{
    /// <summary>Both sides hold.</summary>
    And,
    /// <summary>Either side holds.</summary>
    Or,
}

/// <summary>One side of a comparison: a promise or a primitive constant (<c>flyteidl.core.Operand</c>).</summary>
public abstract record Operand
{
    private protected Operand() { }

    /// <summary>A value the workflow will have: a workflow input or a node output.</summary>
    public sealed record Var(Promise Promise, LiteralType Type) : Operand
    {
        /// <summary>
        /// The name the branch node's input gets, as flytekit names it: the producing node's id, a dot and the output
        /// (<c>n0.o0</c>); a workflow input has an empty node id (<c>.my_input</c>).
        /// </summary>
        public string Name => (Promise.NodeId == Workflows.Promise.StartNode ? "" : Promise.NodeId) + "." + Promise.Var + string.Concat(Promise.AttrPath);

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>A constant.</summary>
    public sealed record Constant(Primitive Value) : Operand
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString();
    }

    /// <summary>The operand a typed promise stands for: its reference, or the primitive it is bound to as a constant.</summary>
    public static Operand OfPromise(IPromise promise)
    {
        ArgumentNullException.ThrowIfNull(promise);
        return promise.Data switch
        {
            BindingData.Reference r => new Var(r.Promise, promise.Type),
            BindingData.Constant { Value.Value: Primitive p } => new Constant(p),
            _ => throw new WorkflowBuildException($"A comparison takes a workflow input, a node output or a primitive constant, not {promise.Data}."),
        };
    }

    /// <summary>The primitive constant <paramref name="value"/>: an integer, float, string, boolean, datetime or duration.</summary>
    public static Constant OfConstant<T>(T value) => new(value switch
    {
        int i => new Primitive.Integer(i),
        long l => new Primitive.Integer(l),
        double d => new Primitive.FloatValue(d),
        float f => new Primitive.FloatValue(f),
        string s => new Primitive.StringValue(s),
        bool b => new Primitive.Boolean(b),
        DateTime t => new Primitive.Datetime(t),
        DateTimeOffset t => new Primitive.Datetime(t.UtcDateTime),
        TimeSpan t => new Primitive.Duration(t),
        _ => throw new WorkflowBuildException(
            $"A comparison's constant must be an integer, float, string, boolean, datetime or duration; {(value is null ? "null" : value.GetType().Name)} is none of them."),
    });
}

/// <summary>A condition of a branch (<c>flyteidl.core.BooleanExpression</c>): a comparison, or two conditions joined.</summary>
public abstract record Condition
{
    private protected Condition() { }

    /// <summary><c>left op right</c>.</summary>
    public sealed record Comparison(ComparisonOperator Operator, Operand Left, Operand Right) : Condition
    {
        /// <inheritdoc />
        public override string ToString() => $"{Left} {Symbol(Operator)} {Right}";
    }

    /// <summary><c>left and right</c> or <c>left or right</c>.</summary>
    public sealed record Conjunction(LogicalOperator Operator, Condition Left, Condition Right) : Condition
    {
        /// <inheritdoc />
        public override string ToString() => $"({Left}) {(Operator == LogicalOperator.And ? "&" : "|")} ({Right})";
    }

    /// <summary>Both conditions hold.</summary>
    public static Condition operator &(Condition left, Condition right) => new Conjunction(LogicalOperator.And, left, right);

    /// <summary>Either condition holds.</summary>
    public static Condition operator |(Condition left, Condition right) => new Conjunction(LogicalOperator.Or, left, right);

    /// <summary>Both conditions hold (the named form of <c>&amp;</c>).</summary>
    public Condition And(Condition other) => this & other;

    /// <summary>Either condition holds (the named form of <c>|</c>).</summary>
    public Condition Or(Condition other) => this | other;

    /// <summary>Every operand that is a promise, depth first, each once.</summary>
    public IEnumerable<Operand.Var> Vars() => (this switch
    {
        Comparison c => new[] { c.Left, c.Right }.OfType<Operand.Var>(),
        Conjunction j => j.Left.Vars().Concat(j.Right.Vars()),
        _ => [],
    }).Distinct();

    /// <summary>The operator as written in Python and C#.</summary>
    public static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => "==",
        ComparisonOperator.Neq => "!=",
        ComparisonOperator.Gt => ">",
        ComparisonOperator.Gte => ">=",
        ComparisonOperator.Lt => "<",
        _ => "<=",
    };

    /// <summary>Compares two promises of the same type.</summary>
    public static Condition Compare<T>(ComparisonOperator op, Promise<T> left, Promise<T> right) =>
        new Comparison(op, Operand.OfPromise(left), Operand.OfPromise(right));

    /// <summary>Compares a promise with a constant of its type.</summary>
    public static Condition Compare<T>(ComparisonOperator op, Promise<T> left, T right) =>
        new Comparison(op, Operand.OfPromise(left), Operand.OfConstant(right));
}

/// <summary>
/// Comparisons of typed promises: <c>x.Gte(0.1) &amp; x.Lte(1.0)</c>. Both sides have the same .NET type, so comparing
/// a <c>Promise&lt;double&gt;</c> with a string does not compile.
/// </summary>
public static class Comparisons
{
    /// <summary><c>left == right</c></summary>
    public static Condition Eq<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Eq, left, right);
    /// <summary><c>left == right</c></summary>
    public static Condition Eq<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Eq, left, right);
    /// <summary><c>left != right</c></summary>
    public static Condition Neq<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Neq, left, right);
    /// <summary><c>left != right</c></summary>
    public static Condition Neq<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Neq, left, right);
    /// <summary><c>left &gt; right</c></summary>
    public static Condition Gt<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Gt, left, right);
    /// <summary><c>left &gt; right</c></summary>
    public static Condition Gt<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Gt, left, right);
    /// <summary><c>left &gt;= right</c></summary>
    public static Condition Gte<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Gte, left, right);
    /// <summary><c>left &gt;= right</c></summary>
    public static Condition Gte<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Gte, left, right);
    /// <summary><c>left &lt; right</c></summary>
    public static Condition Lt<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Lt, left, right);
    /// <summary><c>left &lt; right</c></summary>
    public static Condition Lt<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Lt, left, right);
    /// <summary><c>left &lt;= right</c></summary>
    public static Condition Lte<T>(this Promise<T> left, T right) => Condition.Compare(ComparisonOperator.Lte, left, right);
    /// <summary><c>left &lt;= right</c></summary>
    public static Condition Lte<T>(this Promise<T> left, Promise<T> right) => Condition.Compare(ComparisonOperator.Lte, left, right);
}
