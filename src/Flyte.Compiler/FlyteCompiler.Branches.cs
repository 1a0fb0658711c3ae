using Flyte.Proto;
using Flyte.Workflows;
using Pb = Flyteidl.Core;

namespace Flyte.Compile;

public static partial class FlyteCompiler
{
    /// <summary>
    /// A branch node as flytekit writes one: the first case, the <c>elif</c> cases in <c>other</c>, and an else node or
    /// an error whose <c>failed_node_id</c> is the branch's name; operands are <c>var</c>s (the branch node's inputs) or
    /// primitives. The cases' nodes are compiled like any node, their tasks registered with the workflow's.
    /// </summary>
    private static Pb.BranchNode BranchNode(BranchTarget branch, CompileOptions options,
        Dictionary<string, CompiledTask> tasks, Dictionary<string, Pb.WorkflowTemplate> subs)
    {
        Pb.IfBlock Case(IfBlock block) => new() { Condition = Expression(block.Condition), ThenNode = Node(block.ThenNode, [], options, tasks, subs) };
        var ifElse = new Pb.IfElseBlock { Case = Case(branch.Block.Case) };
        ifElse.Other.Add(branch.Block.Other.Select(Case));
        if (branch.Block.ElseNode is { } elseNode) ifElse.ElseNode = Node(elseNode, [], options, tasks, subs);
        else ifElse.Error = new Pb.Error { FailedNodeId = branch.BranchName, Message = branch.Block.Error ?? "Condition failed" };
        return new Pb.BranchNode { IfElse = ifElse };
    }

    private static Pb.BooleanExpression Expression(Condition condition) => condition switch
    {
        Condition.Comparison c => new Pb.BooleanExpression
        {
            Comparison = new Pb.ComparisonExpression
            {
                Operator = (Pb.ComparisonExpression.Types.Operator)(int)c.Operator, LeftValue = Operand(c.Left), RightValue = Operand(c.Right),
            },
        },
        Condition.Conjunction j => new Pb.BooleanExpression
        {
            Conjunction = new Pb.ConjunctionExpression
            {
                Operator = (Pb.ConjunctionExpression.Types.LogicalOperator)(int)j.Operator,
                LeftExpression = Expression(j.Left), RightExpression = Expression(j.Right),
            },
        },
        _ => throw new WorkflowBuildException($"Condition {condition} cannot be compiled."),
    };

    private static Pb.Operand Operand(Operand operand) => operand switch
    {
        Workflows.Operand.Var v => new Pb.Operand { Var = v.Name },
#pragma warning disable CS0612 // flytekit still writes constants as the deprecated primitive, and propeller reads it
        Workflows.Operand.Constant c => new Pb.Operand { Primitive = ProtoMapping.ToProto(new Literal(c.Value)).Scalar.Primitive },
#pragma warning restore CS0612
        _ => throw new WorkflowBuildException($"Operand {operand} cannot be compiled."),
    };
}
