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
            IReadOnlyList<LiteralMap> elements;
            try
            {
                elements = MapElements.Split(map, inputs);
            }
            catch (WorkflowBindingException e)
            {
                throw new WorkflowNodeFailedException(id, map.Name, 1, FailureKind.SystemError, e);
            }
            var runs = Options.Stubs.ResolveOrFail(map.Task, id);
            var outputs = new LiteralMap?[elements.Count];
            var failures = new WorkflowNodeFailedException?[elements.Count];
            var attempts = new int[elements.Count];
            using var gate = map.Options.Concurrency is > 0 and var c ? new SemaphoreSlim(c) : null;
            async Task Element(int index)
            {
                if (gate is not null) await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var elementData = BlobUri.Combine(data, index.ToString(CultureInfo.InvariantCulture));
                    var inputsUri = BlobUri.Combine(elementData, "inputs.pb");
                    await Store.PutBytesAsync(inputsUri, elements[index].ToBytes(), cancellationToken).ConfigureAwait(false);
                    var (result, tries, _, _) = await TaskAsync(map.Task, runs, inputsUri, elementData, $"{id}/{index}", cancellationToken).ConfigureAwait(false);
                    (outputs[index], attempts[index]) = (result, tries);
                }
                catch (WorkflowNodeFailedException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failures[index] = e;
                }
                finally
                {
                    gate?.Release();
                }
            }
            await Task.WhenAll(Enumerable.Range(0, elements.Count).Select(Element)).ConfigureAwait(false);
            var collected = MapElements.Collect(id, map, outputs, failures);
            var outputsUri = BlobUri.Combine(data, "0", Entrypoint.OutputsFile);
            await Store.PutBytesAsync(outputsUri, collected.ToBytes(), cancellationToken).ConfigureAwait(false);
            return (new NodeExecution(id, map.Name, attempts.DefaultIfEmpty(1).Max(), inputs, collected, [], []), outputsUri);
        }
    }
}
