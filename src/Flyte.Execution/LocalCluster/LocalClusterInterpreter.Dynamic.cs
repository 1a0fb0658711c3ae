using Flyte.Entrypoints;
using Flyte.Execution;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Pb = Flyteidl.Core;

namespace Flyte.LocalCluster;

public sealed partial class LocalClusterInterpreter
{
    private sealed partial class Run
    {
        /// <summary>
        /// A dynamic node after its task's attempt wrote <c>futures.pb</c> into <paramref name="outputPrefix"/>, as
        /// propeller's dynamic handler runs it: the spec's nodes run as pods, each with its data in
        /// <c>&lt;outputPrefix&gt;/&lt;node id&gt;/</c> (inputs.pb, attempt folders); the spec's output bindings are resolved
        /// from their outputs, checked against the task's interface and written to <c>&lt;outputPrefix&gt;/outputs.pb</c>,
        /// where the task's own outputs would be. A task of the spec runs as the launcher's runnable task of that name
        /// when it reported one (in process), otherwise as its template (a process loads it by name).
        /// </summary>
        private async Task<(LiteralMap, DynamicRun)> DynamicAsync(TaskSpec declared, string futuresUri, string outputPrefix, string id,
            IReadOnlyList<TaskSpec> runnable, CancellationToken cancellationToken)
        {
            Flyte.Workflows.WorkflowSpec workflow;
            try
            {
                var spec = Pb.DynamicJobSpec.Parser.ParseFrom(await Store.GetBytesAsync(futuresUri, cancellationToken).ConfigureAwait(false));
                var byName = runnable.ToDictionary(t => t.Name, StringComparer.Ordinal);
                workflow = DynamicJobReader.ToWorkflow(spec, "dynamic_" + id, declared.Interface,
                    template => byName.TryGetValue(template.Id.Name, out var task) ? task : DynamicJobReader.FromTemplate(template));
            }
            catch (Exception e) when (e is FlyteSystemException or Google.Protobuf.InvalidProtocolBufferException or ProtoMappingException or BlobStoreException)
            {
                throw new WorkflowNodeFailedException(id, declared.Name, 1, FailureKind.SystemError,
                    new FlyteSystemException($"Dynamic task '{declared.Name}': {futuresUri} could not be read: {e.Message}", e));
            }
            var (outputs, nodes) = await WorkflowAsync(workflow, LiteralMap.Empty, outputPrefix, id + "/", cancellationToken, dynamic: true).ConfigureAwait(false);
            try
            {
                outputs = DynamicWorkflows.Outputs(declared.Name, declared.Interface, workflow, outputs);
            }
            catch (FlyteSystemException e)
            {
                throw new WorkflowNodeFailedException(id, declared.Name, 1, FailureKind.SystemError, e);
            }
            await Store.PutBytesAsync(BlobUri.Combine(outputPrefix, Entrypoint.OutputsFile), outputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            return (outputs, new DynamicRun(workflow, nodes));
        }

        /// <summary>The workflow a dynamic node ran (as read from futures.pb) and its nodes' records.</summary>
        private sealed record DynamicRun(Flyte.Workflows.WorkflowSpec Workflow, IReadOnlyList<NodeExecution> Nodes);
    }
}
