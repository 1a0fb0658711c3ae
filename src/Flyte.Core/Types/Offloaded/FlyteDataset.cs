using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// A dataframe-like dataset (flytekit's <c>StructuredDataset</c>; named <c>FlyteDataset</c> here so it does not clash with
/// the literal model's <see cref="Flyte.StructuredDataset"/>): a folder in the blob store, a format and a column schema,
/// travelling as a <c>structured_dataset</c> literal. Made from rows it is encoded (parquet by default, as flytekit's
/// pandas encoder writes it; CSV built in too) when it leaves a task; received, it is a handle: nothing is read until
/// <see cref="ReadAsync{TRow}"/> ("we download the schema only when users invoke open()"). Formats without a codec are
/// handed on as they are, or read as raw files through <see cref="Files"/>.
/// </summary>
public class FlyteDataset
{
    private readonly IBlobStore? _store;
    private readonly OffloadContext? _offload;
    private readonly DatasetCodecs _codecs;

    internal FlyteDataset(string uri, string format, ValueList<DatasetColumn> columns, IBlobStore? store, OffloadContext? offload, DatasetCodecs? codecs)
    {
        Uri = uri;
        Format = format;
        Columns = columns;
        _store = store;
        _offload = offload;
        _codecs = codecs ?? DatasetCodecs.Default;
    }

    internal FlyteDataset(Func<DatasetCodecs, IBlobStore, string, CancellationToken, Task<string>> writer, string format, ValueList<DatasetColumn> columns)
    {
        Uri = "";
        Format = format;
        Columns = columns;
        Writer = writer;
        _codecs = DatasetCodecs.Default;
    }

    /// <summary>Whether the dataset arrived as a task input (then it is handed on by URI, never copied).</summary>
    internal bool Received { get; set; }

    /// <summary>The folder holding the data; empty for a dataset made from rows that has not left its task yet.</summary>
    public string Uri { get; }

    /// <summary>The storage format, e.g. <c>parquet</c> or <c>csv</c>; empty when unknown.</summary>
    public string Format { get; }

    /// <summary>The columns (flyteidl <c>StructuredDatasetType.columns</c>); empty means unspecified.</summary>
    public ValueList<DatasetColumn> Columns { get; }

    /// <summary>Writes pending rows: (codecs, store, folder) → the format written.</summary>
    internal Func<DatasetCodecs, IBlobStore, string, CancellationToken, Task<string>>? Writer { get; }

    /// <summary>A dataset of <paramref name="rows"/>, encoded in <paramref name="format"/> when it leaves the task.</summary>
    public static FlyteDataset FromRows<TRow>(IEnumerable<TRow> rows, string format = "parquet")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var snapshot = rows.ToList();
        return new FlyteDataset(async (codecs, store, folder, ct) =>
        {
            var codec = codecs.Get<TRow>(format);
            await codec.WriteAsync(snapshot, store, folder, ct).ConfigureAwait(false);
            return codec.Format;
        }, format, DatasetColumns.Of(typeof(TRow)));
    }

    /// <summary>A dataset already in a blob store (e.g. parquet written by a Python task): handed on without a copy.</summary>
    public static FlyteDataset FromUri(string uri, string format, IBlobStore? store = null) => new(uri, format, ValueList<DatasetColumn>.Empty, store, null, null);

    /// <summary>Reads every row (downloading the data now, not before), with the codec registered for (<typeparamref name="TRow"/>, <see cref="Format"/>).</summary>
    /// <exception cref="TypeTransformerException">No codec for the format, or the data does not fit <typeparamref name="TRow"/>.</exception>
    /// <exception cref="BlobNotFoundException">The data is missing.</exception>
    public Task<IReadOnlyList<TRow>> ReadAsync<TRow>(CancellationToken cancellationToken = default)
    {
        if (Writer is not null) throw new InvalidOperationException("This dataset was made from rows in this task; read the rows you gave it.");
        return _codecs.Get<TRow>(Format).ReadAsync(Store(), Uri, cancellationToken);
    }

    /// <summary>The dataset's folder as a lazy <see cref="FlyteDirectory"/>: list its files or open them raw (any format).</summary>
    public FlyteDirectory Files =>
        Writer is not null ? throw new InvalidOperationException("This dataset has not been written yet.")
        : new FlyteDirectory(Uri, Format, _store, _offload);

    private IBlobStore Store() => _store ?? throw new InvalidOperationException(
        $"The dataset {Uri} has no blob store to read it from: it was made with FlyteDataset.FromUri without a store.");

    /// <inheritdoc />
    public override string ToString() => $"FlyteDataset[{Format}]({(Uri.Length == 0 ? "pending rows" : Uri)}){Columns}";
}

/// <summary>A dataset whose declared columns are the properties of <typeparamref name="TRow"/> (flytekit's <c>Annotated[StructuredDataset, kwtypes(...)]</c>).</summary>
/// <typeparam name="TRow">The row record type.</typeparam>
public sealed class FlyteDataset<TRow> : FlyteDataset
{
    internal FlyteDataset(FlyteDataset inner, IBlobStore? store, OffloadContext? offload, DatasetCodecs? codecs)
        : base(inner.Uri, inner.Format, inner.Columns, store, offload, codecs) { }

    private FlyteDataset(FlyteDataset pending) : base(pending.Writer!, pending.Format, pending.Columns) { }

    /// <summary>A dataset of <paramref name="rows"/>, encoded in <paramref name="format"/> when it leaves the task.</summary>
    public static FlyteDataset<TRow> FromRows(IEnumerable<TRow> rows, string format = "parquet") => new(FromRows<TRow>(rows, format));

    /// <summary>Reads every row.</summary>
    public Task<IReadOnlyList<TRow>> ReadAsync(CancellationToken cancellationToken = default) => ReadAsync<TRow>(cancellationToken);
}
