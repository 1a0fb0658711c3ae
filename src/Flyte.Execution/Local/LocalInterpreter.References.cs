using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Execution.Local;

public sealed partial class LocalInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A reference entity: its local stub runs as a task of the entity's name (so a stub of
        /// <see cref="InterpreterOptions.Stubs"/> by that name wins), with the declared interface at its boundary; without
        /// any stub the node fails with a <see cref="ReferenceStubMissingException"/> naming the entity.
        /// </summary>
        private async Task<NodeExecution> ReferenceAsync(ReferenceTarget reference, LiteralMap inputs, string id, CancellationToken cancellationToken)
        {
            var task = reference.LocalTask;
            var context = new TaskExecutionContext(id, 1, runChild) { Services = interpreter.Services };
            var (result, attempts) = await TaskAsync(task, inputs, context, holdsSlot: false, cancellationToken).ConfigureAwait(false);
            return new NodeExecution(id, task.Name, attempts, inputs, result, context.Children, []);
        }

        /// <summary>A launch-plan node: its workflow runs as the node's sub-workflow, with the launch plan's fixed (and default) inputs added.</summary>
        private async Task<NodeExecution> LaunchPlanAsync(LaunchPlanTarget target, LiteralMap inputs, string id, CancellationToken cancellationToken)
        {
            var plan = target.LaunchPlan;
            Notify(id, plan.Name, NodeStatus.Running);
            try
            {
                var (outputs, nodes) = await WorkflowAsync(plan.Workflow, plan.InputsFor(inputs), id + "/", cancellationToken).ConfigureAwait(false);
                Notify(id, plan.Name, NodeStatus.Succeeded);
                return new NodeExecution(id, plan.Name, 1, inputs, outputs, [], nodes);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Notify(id, plan.Name, NodeStatus.Failed, 1, e.Message);
                throw;
            }
        }
    }
}
