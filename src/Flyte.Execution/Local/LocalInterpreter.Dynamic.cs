using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Execution.Local;

public sealed partial class LocalInterpreter
{
    private sealed partial class Run
    {
        /// <summary>The workflow a dynamic task built and its nodes, recorded as the task node's sub-nodes (the last attempt's).</summary>
        private sealed class DynamicNodes
        {
            public IReadOnlyList<NodeExecution> Nodes { get; set; } = [];

            public WorkflowSpec? Workflow { get; set; }
        }

        /// <summary>
        /// How a dynamic task at node <paramref name="id"/> runs the workflow it built: as a sub-workflow of the node
        /// (<c>n1/n0</c>…), by this same run, so its options apply and a dynamic task inside it recurses. The attempt
        /// gives up its slot while the workflow runs, so its nodes can run under any parallelism limit.
        /// </summary>
        private TaskExecutionContext.DynamicRunner Dynamic(string id, DynamicNodes record) => async (workflow, inputs, cancellationToken) =>
        {
            slots.Release();
            try
            {
                var (outputs, nodes) = await WorkflowAsync(workflow, inputs, id + "/", cancellationToken).ConfigureAwait(false);
                (record.Nodes, record.Workflow) = (nodes, workflow);
                return outputs;
            }
            finally
            {
                await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        };
    }
}
