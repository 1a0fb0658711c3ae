using System.Globalization;
using System.Text;
using CsvHelper;
using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// Reads and writes rows of a dataset stored in a folder: the encoder/decoder pair the <see cref="DatasetCodecs"/> registry
/// holds for one (.NET row type, format).
/// </summary>
/// <typeparam name="TRow">The row type.</typeparam>
public interface IDatasetCodec<TRow>
{
    /// <summary>The format written in the literal, e.g. <c>csv</c>.</summary>
    string Format { get; }

    /// <summary>Writes <paramref name="rows"/> as objects under the folder <paramref name="folderUri"/>.</summary>
    Task WriteAsync(IEnumerable<TRow> rows, IBlobStore store, string folderUri, CancellationToken cancellationToken);

    /// <summary>Reads every row stored under the folder <paramref name="folderUri"/>, in order.</summary>
    Task<IReadOnlyList<TRow>> ReadAsync(IBlobStore store, string folderUri, CancellationToken cancellationToken);
}

/// <summary>
/// The built-in CSV codec for any flat record type, in flytekit's CSV layout: the folder holds one file named <c>.csv</c>
/// (what pandas' <c>to_csv(os.path.join(uri, ".csv"), index=False)</c> writes and <c>read_csv</c> reads back) — a header
/// row of the column names, then one line per row with the cells as pandas prints them (<see cref="CsvCells"/>; minimal
/// quoting, <c>\n</c> line ends). Reading takes <c>.csv</c>, else every file of the folder in name order (older .NET
/// output), matching columns by header name, so extra columns are skipped (the column subset of the declared type).
/// </summary>
/// <typeparam name="TRow">The row type: a record with a constructor taking its properties, or a class with a parameterless constructor and setters.</typeparam>
public sealed class CsvDatasetCodec<TRow> : IDatasetCodec<TRow>
{
    /// <summary>The name of the one file written (flytekit's).</summary>
    public const string FileName = ".csv";

    // Python's csv module (QUOTE_MINIMAL, which pandas uses) quotes a field holding the separator, a quote or a line break,
    // and the empty field of a one-column row: CsvHelper's WhenNeeded quoting.
    private static readonly CsvWriterOptions WriterOptions = new() { NewLine = "\n", Quoting = CsvQuoting.WhenNeeded, Injection = CsvInjection.None };

    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = false, MalformedData = CsvMalformedDataHandling.Throw };

    /// <inheritdoc />
    public string Format => "csv";

    /// <inheritdoc />
    public async Task WriteAsync(IEnumerable<TRow> rows, IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var properties = DatasetRows<TRow>.Properties;
        var cells = rows.Select(DatasetRows<TRow>.Cells).ToList();
        var columns = Enumerable.Range(0, properties.Count)
            .Select(c => CsvCells.Column(cells.Select(row => row[c]).ToList(), DatasetRows<TRow>.Kinds[c])).ToArray();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, WriterOptions))
        {
            csv.WriteRecord(properties.Select(p => p.Name).ToArray());
            for (var r = 0; r < cells.Count; r++) csv.WriteRecord(columns.Select(column => column[r]).ToArray());
        }
        await store.PutBytesAsync(BlobUri.Combine(folderUri, FileName), Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TRow>> ReadAsync(IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var properties = DatasetRows<TRow>.Properties;
        var result = new List<TRow>();
        var objects = await store.ListAllAsync(folderUri, cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0) throw new BlobNotFoundException(folderUri);
        var flytekit = objects.Where(uri => uri[(uri.LastIndexOf('/') + 1)..] == FileName).ToList();
        foreach (var uri in flytekit.Count > 0 ? flytekit : objects.Order(StringComparer.Ordinal).ToList())
        {
            var bytes = await store.GetBytesAsync(uri, cancellationToken).ConfigureAwait(false);
            var records = Records(Encoding.UTF8.GetString(bytes), uri);
            if (records.Count == 0) continue;
            var header = records[0];
            var columns = properties.Select(p => Array.IndexOf(header, p.Name)).ToArray();
            for (var i = 0; i < columns.Length; i++)
                if (columns[i] < 0)
                    throw new TypeTransformerException($"a CSV with column '{properties[i].Name}'", $"the header [{string.Join(", ", header)}] in {uri}");
            for (var r = 1; r < records.Count; r++)
            {
                if (records[r].Length != header.Length)
                    throw new TypeTransformerException($"{header.Length} fields per row", $"{records[r].Length} in row {r} of {uri}",
                        "The CSV is truncated or malformed.").AtPath($"[{result.Count}]");
                result.Add(DatasetRows<TRow>.Make(columns.Select(c => (object?)records[r][c]).ToArray(), uri, result.Count));
            }
        }
        return result;
    }

    /// <summary>The records of a CSV text; malformed quoting (e.g. an unterminated quote: a truncated file) is an error.</summary>
    private static List<string[]> Records(string text, string uri)
    {
        var records = new List<string[]>();
        try
        {
            using var reader = CsvReader.FromText(text, ReaderOptions);
            while (reader.Read()) records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }
        catch (CsvFormatException e)
        {
            throw new TypeTransformerException("a CSV file", $"malformed quoting in {uri}", $"The CSV is truncated or malformed: {e.Message}", e);
        }
        return records;
    }
}
