using System.Collections.Immutable;

namespace Flyte.Types.Offloaded;

/// <summary>
/// The dataset encoder/decoder registry, keyed by (.NET row type, format); immutable. Put your own in the transformer
/// context (<c>context.With(DatasetCodecs.Default.With("parquet", myCodec))</c>); without one, <see cref="Default"/> is used.
/// Lookup: an exact (row type, format) registration, then the built-in CSV codec for <c>csv</c> (any flat record type).
/// </summary>
public sealed class DatasetCodecs
{
    private readonly ImmutableDictionary<(Type, string), object> _codecs;

    private DatasetCodecs(ImmutableDictionary<(Type, string), object> codecs) => _codecs = codecs;

    /// <summary>Only the built-in CSV codec.</summary>
    public static DatasetCodecs Default { get; } = new(ImmutableDictionary<(Type, string), object>.Empty);

    /// <summary>A registry where <paramref name="codec"/> handles rows of <typeparamref name="TRow"/> in its format.</summary>
    public DatasetCodecs With<TRow>(IDatasetCodec<TRow> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return new(_codecs.SetItem((typeof(TRow), codec.Format.ToLowerInvariant()), codec));
    }

    /// <summary>The codec for rows of <typeparamref name="TRow"/> in <paramref name="format"/>.</summary>
    /// <exception cref="TypeTransformerException">None is registered (e.g. parquet: no parquet library is available; open the files raw).</exception>
    public IDatasetCodec<TRow> Get<TRow>(string format)
    {
        var key = (typeof(TRow), format.ToLowerInvariant());
        if (_codecs.TryGetValue(key, out var codec)) return (IDatasetCodec<TRow>)codec;
        if (key.Item2 is "csv") return new CsvDatasetCodec<TRow>();
        throw new TypeTransformerException($"a dataset codec for ({typeof(TRow).Name}, '{format}')", "none registered",
            "Built in is CSV only; other formats (e.g. parquet) are handles: pass them on, or read their files with FlyteDataset.Files.");
    }

    /// <summary>The registry of <paramref name="context"/>, else <see cref="Default"/>.</summary>
    public static DatasetCodecs From(TransformerContext context) => context.Get<DatasetCodecs>() ?? Default;
}
