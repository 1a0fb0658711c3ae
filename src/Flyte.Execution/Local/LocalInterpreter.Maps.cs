using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Execution.Local;

public sealed partial class LocalInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A map task: one attempt chain per element (<c>n0/0</c>, <c>n0/1</c>…, each with the task's retries, timeout
        /// and cache), at most <see cref="MapOptions.Concurrency"/> at once within the interpreter's parallelism
        /// (no more are started than may run).
        /// </summary>
        private async Task<NodeExecution> MapAsync(MapTarget map, LiteralMap inputs, string id, CancellationToken cancellationToken)
        {
            var elements = MapElements.Split(id, map, inputs);
            Notify(id, map.Name, NodeStatus.Running);
            var (outputs, failures, attempts) = await MapElements.RunAsync(map, elements.Count, index =>
            {
                var context = new TaskExecutionContext($"{id}/{index}", 1, runChild) { Services = interpreter.Services };
                return TaskAsync(map.Task, elements[index], context, holdsSlot: false, cancellationToken);
            }, cancellationToken, Options.MaxDegreeOfParallelism).ConfigureAwait(false);
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
