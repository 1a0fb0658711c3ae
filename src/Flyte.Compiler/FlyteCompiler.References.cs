using Flyte.Workflows;
using Pb = Flyteidl.Core;

namespace Flyte.Compile;

public static partial class FlyteCompiler
{
    /// <summary>
    /// A reference entity's node, as flytekit's <c>get_serializable_node</c> writes one: a task is a <c>task_node</c>
    /// whose <c>reference_id</c> is the registered id, a launch plan a <c>workflow_node.launchplan_ref</c>; nothing of
    /// it is compiled or registered. Like flytekit, a reference workflow cannot be a sub-workflow: FlyteAdmin needs
    /// its template inside the parent's spec.
    /// </summary>
    private static void ReferenceNode(Pb.Node proto, ReferenceTarget reference)
    {
        var id = new Pb.Identifier
        {
            Project = reference.Id.Project, Domain = reference.Id.Domain, Name = reference.Id.Name, Version = reference.Id.Version,
        };
        switch (reference.Kind)
        {
            case ReferenceKind.Task:
                id.ResourceType = Pb.ResourceType.Task;
                proto.TaskNode = new Pb.TaskNode { ReferenceId = id };
                break;
            case ReferenceKind.LaunchPlan:
                id.ResourceType = Pb.ResourceType.LaunchPlan;
                proto.WorkflowNode = new Pb.WorkflowNode { LaunchplanRef = id };
                break;
            default:
                throw new WorkflowBuildException(
                    $"Node {proto.Id} runs reference workflow '{reference.Id}': reference sub-workflows are unsupported (as in flytekit). Use a reference launch plan instead.");
        }
    }

    private static void LaunchPlanNode(Pb.Node proto, LaunchPlanTarget target, CompileOptions options) =>
        proto.WorkflowNode = new Pb.WorkflowNode { LaunchplanRef = CompileLaunchPlan(target.LaunchPlan, options).LaunchPlan.Id.Clone() };
}
