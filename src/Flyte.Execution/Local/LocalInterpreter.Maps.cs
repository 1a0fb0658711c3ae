using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Execution.Local;

public sealed partial class LocalInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A map task: one attempt chain per element (<c>n0/0</c>, <c>n0/1</c>…, each with the task's retries, timeout
        /// and cache), at most <see cref="MapOptions.Concurrency"/> at once within the interpreter's parallelism.
        /// </summary>
        private async Task<NodeExecution> MapAsync(MapTarget map, LiteralMap inputs, string id, CancellationToken cancellationToken)
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
            Notify(id, map.Name, NodeStatus.Running);
            var outputs = new LiteralMap?[elements.Count];
            var failures = new WorkflowNodeFailedException?[elements.Count];
            var attempts = new int[elements.Count];
            using var gate = map.Options.Concurrency is > 0 and var c ? new SemaphoreSlim(c) : null;
            async Task Element(int index)
            {
                if (gate is not null) await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var context = new TaskExecutionContext($"{id}/{index}", 1, runChild) { Services = interpreter.Services };
                    (outputs[index], attempts[index]) = await TaskAsync(map.Task, elements[index], context, holdsSlot: false, cancellationToken).ConfigureAwait(false);
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
            try
            {
                var result = MapElements.Collect(id, map, outputs, failures);
                Notify(id, map.Name, NodeStatus.Succeeded);
                return new NodeExecution(id, map.Name, attempts.DefaultIfEmpty(1).Max(), inputs, result, [], []);
            }
            catch (WorkflowNodeFailedException e)
            {
                Notify(id, map.Name, NodeStatus.Failed, e.Attempts, e.Message);
                throw;
            }
        }
    }
}
