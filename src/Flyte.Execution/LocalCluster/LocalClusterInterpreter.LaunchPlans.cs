using Flyte.Entrypoints;
using Flyte.Execution;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Workflows;

namespace Flyte.LocalCluster;

public sealed partial class LocalClusterInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A launch-plan node: its workflow runs under the node's folder (<c>&lt;node&gt;/data/0/…</c>) with the launch
        /// plan's fixed and default inputs added, and its outputs are written to <c>&lt;node&gt;/data/0/outputs.pb</c>.
        /// </summary>
        private async Task<(NodeExecution, string)> LaunchPlanAsync(LaunchPlanTarget target, LiteralMap inputs, string data, string id,
            CancellationToken cancellationToken)
        {
            var plan = target.LaunchPlan;
            var planDir = BlobUri.Combine(data, "0");
            var (outputs, nodes) = await WorkflowAsync(plan.Workflow, plan.InputsFor(inputs), planDir, id + "/", cancellationToken).ConfigureAwait(false);
            var outputsUri = BlobUri.Combine(planDir, Entrypoint.OutputsFile);
            await Store.PutBytesAsync(outputsUri, outputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            return (new NodeExecution(id, plan.Name, 1, inputs, outputs, [], nodes), outputsUri);
        }

        /// <summary>
        /// A reference entity cannot run on the local cluster: its code is another team's image, and a stub is code of
        /// this process, not a container. The node fails naming the entity.
        /// </summary>
        private static WorkflowNodeFailedException Unrunnable(ReferenceTarget reference, string id) =>
            new(id, reference.Name, 0, FailureKind.UserError, new InvalidOperationException(
                $"Reference {reference.KindName} '{reference.Id}' runs in its own image on a Flyte cluster; the local cluster cannot run it. " +
                "Run the workflow locally with a stub, or remotely."));
    }
}
