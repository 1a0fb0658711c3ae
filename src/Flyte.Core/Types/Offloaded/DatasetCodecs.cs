using System.Collections.Immutable;

namespace Flyte.Types.Offloaded;

/// <summary>
/// The dataset encoder/decoder registry, keyed by (.NET row type, format); immutable. Put your own in the transformer
/// context (<c>context.With(DatasetCodecs.Default.With("parquet", myCodec))</c>); without one, <see cref="Default"/> is used.
/// Lookup: an exact (row type, format) registration, then the built-in codecs for any flat record type: parquet
/// (<see cref="ParquetDatasetCodec{TRow}"/>, flytekit's default format) and CSV (<see cref="CsvDatasetCodec{TRow}"/>).
/// </summary>
public sealed class DatasetCodecs
{
    private readonly ImmutableDictionary<(Type, string), object> _codecs;

    private DatasetCodecs(ImmutableDictionary<(Type, string), object> codecs) => _codecs = codecs;

    /// <summary>Only the built-in parquet and CSV codecs.</summary>
    public static DatasetCodecs Default { get; } = new(ImmutableDictionary<(Type, string), object>.Empty);

    /// <summary>A registry where <paramref name="codec"/> handles rows of <typeparamref name="TRow"/> in its format.</summary>
    public DatasetCodecs With<TRow>(IDatasetCodec<TRow> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new(_codecs.SetItem((typeof(TRow), codec.Format.ToLowerInvariant()), codec));
    }

    /// <summary>The codec for rows of <typeparamref name="TRow"/> in <paramref name="format"/>.</summary>
    /// <exception cref="TypeTransformerException">None is registered and the format is neither parquet nor CSV (open the files raw).</exception>
    public IDatasetCodec<TRow> Get<TRow>(string format)
    {
        var key = (typeof(TRow), format.ToLowerInvariant());
        if (_codecs.TryGetValue(key, out var codec)) return (IDatasetCodec<TRow>)codec;
        return key.Item2 switch
        {
            "parquet" => new ParquetDatasetCodec<TRow>(),
            "csv" => new CsvDatasetCodec<TRow>(),
            _ => throw new TypeTransformerException($"a dataset codec for ({typeof(TRow).Name}, '{format}')", "none registered",
                "Built in are parquet and CSV; other formats are handles: pass them on, or read their files with FlyteDataset.Files."),
        };
    }

    /// <summary>The registry of <paramref name="context"/>, else <see cref="Default"/>.</summary>
    public static DatasetCodecs From(TransformerContext context) => context.Get<DatasetCodecs>() ?? Default;
}
