using Flyte.Proto;
using Flyte.Storage;
using Flyteidl.Admin;
using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>Reads an execution's outputs from FlyteAdmin: inline, or from the blob store when Admin only names where they are.</summary>
internal static class ExecutionOutputs
{
    /// <summary>
    /// The outputs of execution <paramref name="id"/>: inline (<c>full_outputs</c>) below Admin's size limit (2 MB by
    /// default), else read through <paramref name="store"/> at <c>outputs.url</c> (the end node's <c>outputs.pb</c>).
    /// </summary>
    /// <param name="client">The Admin client.</param>
    /// <param name="id">The execution, which has succeeded.</param>
    /// <param name="store">Where <c>outputs.url</c> is read.</param>
    /// <param name="storeSetting">The setting that names <paramref name="store"/>, for the error when it cannot read the URL.</param>
    /// <param name="maxDepth">The nesting bound of the literals read.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<LiteralMap> ReadAsync(FlyteAdminClient client, Core.WorkflowExecutionIdentifier id, IBlobStore store,
        string storeSetting, int maxDepth, CancellationToken cancellationToken)
    {
        var data = await client.GetExecutionDataAsync(id, cancellationToken).ConfigureAwait(false);
        if (data.FullOutputs is not null)
            return ProtoMapping.ToModel(data.FullOutputs);
#pragma warning disable CS0612 // the deprecated UrlBlob is still how Admin says the outputs were too big to inline
        var blob = data.Outputs;
#pragma warning restore CS0612
        if (blob is not { Url.Length: > 0 })
            return LiteralMap.Empty;
        byte[] bytes;
        try
        {
            bytes = await store.GetBytesAsync(blob.Url, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException(
                $"Execution {id.Project}/{id.Domain}/{id.Name} succeeded, but its outputs ({blob.Bytes} bytes) are larger than FlyteAdmin " +
                $"inlines and are only at {blob.Url}, which {storeSetting} cannot read ({e.Message}). Configure the cluster's " +
                $"storage (flytectl's storage: section, FLYTE_AWS_*) or give {storeSetting} a store for it.", e);
        }
        try
        {
            return ProtoSerializer.LiteralMapFromBytes(bytes, maxDepth);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or FormatException)
        {
            throw new FormatException($"Execution {id.Project}/{id.Domain}/{id.Name}: outputs.url {blob.Url} is not a LiteralMap: {e.Message}", e);
        }
    }
}
