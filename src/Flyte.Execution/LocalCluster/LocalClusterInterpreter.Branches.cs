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
        /// A branch node, as propeller runs one: the conditions are evaluated on the branch's <c>inputs.pb</c>, the taken
        /// case's node runs in the branch's folder (<c>&lt;branch&gt;/data/0/&lt;case node&gt;/…</c>), and the branch's
        /// outputs are written to <c>&lt;branch&gt;/data/0/outputs.pb</c>.
        /// </summary>
        private async Task<(NodeExecution, string)> BranchAsync(BranchTarget branch, LiteralMap inputs, IReadOnlyDictionary<string, string> outputsAt,
            string data, string id, CancellationToken cancellationToken)
        {
            var chosen = Branches.Choose(id, branch, inputs, _ => { });
            var caseDir = BlobUri.Combine(data, "0");
            var (record, _) = await NodeAsync(chosen, outputsAt, BlobUri.Combine(caseDir, chosen.Id, "data"), id + "/", cancellationToken).ConfigureAwait(false);
            var outputs = Branches.Outputs(branch, record.Outputs);
            var outputsUri = BlobUri.Combine(caseDir, Entrypoint.OutputsFile);
            await Store.PutBytesAsync(outputsUri, outputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            return (new NodeExecution(id, branch.Name, 1, inputs, outputs, [], [record]), outputsUri);
        }
    }
}
