using System.Globalization;
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
        /// A map task in propeller's array layout: element <i>i</i> gets <c>&lt;node&gt;/data/&lt;i&gt;/inputs.pb</c> (its
        /// items and the bound inputs) and runs its attempts, one container each, into <c>&lt;node&gt;/data/&lt;i&gt;/&lt;attempt&gt;/</c>;
        /// the collected list is written to <c>&lt;node&gt;/data/0/outputs.pb</c>.
        /// </summary>
        private async Task<(NodeExecution, string)> MapAsync(MapTarget map, LiteralMap inputs, string data, string id, CancellationToken cancellationToken)
        {
            var elements = MapElements.Split(id, map, inputs);
            var runs = Options.Stubs.ResolveOrFail(map.Task, id);
            var (outputs, failures, attempts) = await MapElements.RunAsync(map, elements.Count, async index =>
            {
                var elementData = BlobUri.Combine(data, index.ToString(CultureInfo.InvariantCulture));
                var inputsUri = BlobUri.Combine(elementData, "inputs.pb");
                await Store.PutBytesAsync(inputsUri, elements[index].ToBytes(), cancellationToken).ConfigureAwait(false);
                var (result, tries, _, _, _) = await TaskAsync(map.Task, runs, inputsUri, elementData, $"{id}/{index}", cancellationToken).ConfigureAwait(false);
                return (result, tries);
            }, cancellationToken).ConfigureAwait(false);
            var collected = MapElements.Collect(id, map, outputs, failures);
            var outputsUri = BlobUri.Combine(data, "0", Entrypoint.OutputsFile);
            await Store.PutBytesAsync(outputsUri, collected.ToBytes(), cancellationToken).ConfigureAwait(false);
            return (new NodeExecution(id, map.Name, attempts.DefaultIfEmpty(1).Max(), inputs, collected, [], []), outputsUri);
        }
    }
}
