using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// <see cref="FlyteDataset"/> / <see cref="FlyteDataset{TRow}"/> ⇄ <c>structured_dataset{uri, metadata{columns, format}}</c>,
/// under flytekit's name <c>StructuredDataset Transformer</c>. The literal's format is the codec's (<c>parquet</c> by default for rows written
/// here); its columns are the value's, else the declared ones. Reading keeps the incoming columns unless the declared type
/// names some (flytekit's column subsetting rule).
/// </summary>
/// <typeparam name="TDataset">The declared dataset type.</typeparam>
public sealed class FlyteDatasetTransformer<TDataset> : TypeTransformer<TDataset> where TDataset : FlyteDataset
{
    private readonly StructuredDatasetType _declared;
    private readonly Func<FlyteDataset, OffloadContext, DatasetCodecs, TDataset> _make;

    internal FlyteDatasetTransformer(ValueList<DatasetColumn> columns, Func<FlyteDataset, OffloadContext, DatasetCodecs, TDataset> make)
    {
        _declared = new StructuredDatasetType(columns, "");
        _make = make;
        LiteralType = new LiteralType(_declared);
    }

    /// <inheritdoc />
    public override string Name => "StructuredDataset Transformer";

    /// <inheritdoc />
    public override LiteralType LiteralType { get; }

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(TDataset value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "None value cannot be converted to a dataset.");
        var offload = OffloadContext.From(context, LiteralType);
        var uri = value.Uri;
        var format = value.Format;
        if (value.Writer is { } writer)
        {
            uri = offload.NewOutputFolder();
            format = await writer(DatasetCodecs.From(context), offload.Store, uri, context.CancellationToken).ConfigureAwait(false);
        }
        else if (BlobUri.IsLocal(uri) && !offload.KeepLocalPaths && !value.Received)
        {
            // A local dataset folder is uploaded, as flytekit's put_raw_data does for a local StructuredDataset uri.
            var directory = await new FlyteDirectoryTransformer().ToLiteralAsync(FlyteDirectory.FromLocalPath(BlobUri.ToLocalPath(uri)), context).ConfigureAwait(false);
            uri = ((Blob)directory.Value).Uri;
        }
        var columns = value.Columns.Count > 0 ? value.Columns : _declared.Columns;
        return new StructuredDataset(uri, new StructuredDatasetMetadata(new StructuredDatasetType(columns, format)));
    }

    /// <inheritdoc />
    public override ValueTask<TDataset> ToValueAsync(Literal literal, TransformerContext context)
    {
        var (uri, incoming) = literal.Value switch
        {
            StructuredDataset sd => (sd.Uri, sd.Metadata?.StructuredDatasetType ?? new StructuredDatasetType(ValueList<DatasetColumn>.Empty, "")),
            Binary { Tag: Binary.MessagePackTag } b => (OffloadedLiterals.ReadMapString(b, LiteralType, "uri"),
                new StructuredDatasetType(ValueList<DatasetColumn>.Empty, ReadFormat(b))),
            _ => throw new TypeTransformerException(LiteralType, OffloadedLiterals.Describe(literal)),
        };
        if (!FileFormats.Fits(_declared.Format, incoming.Format))
            throw new TypeTransformerException(LiteralType, $"a dataset of format '{incoming.Format}'");
        var columns = _declared.Columns.Count > 0 ? _declared.Columns : incoming.Columns;
        var offload = OffloadContext.From(context, LiteralType);
        var codecs = DatasetCodecs.From(context);
        var handle = new FlyteDataset(uri, incoming.Format, columns, offload.Store, offload, codecs);
        var dataset = _make(handle, offload, codecs);
        dataset.Received = true;
        return ValueTask.FromResult(dataset);
    }

    private string ReadFormat(Binary binary)
    {
        try
        {
            return OffloadedLiterals.ReadMapString(binary, LiteralType, "file_format");
        }
        catch (TypeTransformerException)
        {
            return "";
        }
    }
}
