using Flyte.Workflows;

namespace Flyte.Execution.Local;

public sealed partial class LocalInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A branch node: its conditions are evaluated on its inputs, the chosen case's node runs (recorded as the
        /// branch's sub-node, <c>n1/n1-n0</c>) and its outputs become the branch's; no case and an error else fail the node.
        /// </summary>
        private async Task<NodeExecution> BranchAsync(Node node, BranchTarget branch, LiteralMap inputs, IReadOnlyDictionary<string, LiteralMap> outputs,
            string id, CancellationToken cancellationToken)
        {
            Notify(id, branch.Name, NodeStatus.Running);
            var chosen = Branches.Choose(id, branch, inputs, message => Notify(id, branch.Name, NodeStatus.Failed, 1, message));
            try
            {
                var record = await NodeAsync(chosen, outputs, id + "/", cancellationToken).ConfigureAwait(false);
                var result = Branches.Outputs(branch, record.Outputs);
                Notify(id, branch.Name, NodeStatus.Succeeded);
                return new NodeExecution(id, node.Target.Name, 1, inputs, result, [], [record]);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Notify(id, branch.Name, NodeStatus.Failed, 1, e.Message);
                throw;
            }
        }
    }
}
