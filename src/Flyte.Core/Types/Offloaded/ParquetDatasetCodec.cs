using Flyte.Storage;
using Parquet;
using Parquet.Schema;

namespace Flyte.Types.Offloaded;

/// <summary>
/// The built-in parquet codec (Parquet.Net) for any flat record type, in flytekit's layout: the dataset is a folder,
/// written as one file named <c>00000</c> (flytekit's pandas encoder: <c>df.to_parquet(os.path.join(uri, "00000"),
/// coerce_timestamps="us")</c>), read as every data file of the folder in name order (pyarrow's dataset reader, which skips
/// names starting with <c>_</c> or <c>.</c>), taking only the row type's columns by name.
/// Columns are written as pyarrow writes a pandas frame's: every column OPTIONAL; INTEGER → INT64, FLOAT → DOUBLE,
/// BOOLEAN → BOOLEAN, STRING → BYTE_ARRAY (UTF8 string), DATETIME → INT64 TIMESTAMP(MICROS) adjusted to UTC (naive, i.e.
/// not adjusted, for <see cref="DateOnly"/>), DURATION → INT64 nanoseconds (pyarrow's <c>duration[ns]</c>).
/// </summary>
/// <typeparam name="TRow">The row type: a record with a constructor taking its properties, or a class with a parameterless constructor and setters.</typeparam>
public sealed class ParquetDatasetCodec<TRow> : IDatasetCodec<TRow>
{
    /// <summary>The name of the one file written (flytekit's <c>f"{0:05}"</c>).</summary>
    public const string FileName = "00000";

    /// <inheritdoc />
    public string Format => "parquet";

    private static readonly DataField[] Fields = DatasetRows<TRow>.Properties.Select((p, i) => Field(p.Name, p.PropertyType, DatasetRows<TRow>.Kinds[i])).ToArray();

    private static DataField Field(string name, Type type, SimpleType kind) => kind switch
    {
        SimpleType.Integer or SimpleType.Duration => new DataField<long?>(name),
        SimpleType.Float => new DataField<double?>(name),
        SimpleType.Boolean => new DataField<bool?>(name),
        SimpleType.Datetime => new DateTimeDataField(name, DateTimeFormat.Timestamp,
            isAdjustedToUTC: (Nullable.GetUnderlyingType(type) ?? type) != typeof(DateOnly), unit: DateTimeTimeUnit.Micros, isNullable: true),
        _ => new DataField<string>(name, true),
    };

    /// <inheritdoc />
    public async Task WriteAsync(IEnumerable<TRow> rows, IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var cells = rows.Select(DatasetRows<TRow>.Cells).ToList();
        using var buffer = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Fields), buffer, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < Fields.Length; c++)
            {
                var column = cells.Select(row => row[c]).ToList();
                var field = Fields[c];
                switch (DatasetRows<TRow>.Kinds[c])
                {
                    case SimpleType.Integer:
                        await group.WriteAsync<long>(field, column.Select(v => (long?)v).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case SimpleType.Duration:
                        await group.WriteAsync<long>(field, column.Select(v => v is TimeSpan t ? t.Ticks * 100 : (long?)null).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case SimpleType.Float:
                        await group.WriteAsync<double>(field, column.Select(v => (double?)v).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case SimpleType.Boolean:
                        await group.WriteAsync<bool>(field, column.Select(v => (bool?)v).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    case SimpleType.Datetime:
                        await group.WriteAsync<DateTime>(field, column.Select(v => v is DateTime t ? TruncateToMicros(t) : (DateTime?)null).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await group.WriteAsync(field, column.Select(v => (string?)v).ToArray()!).ConfigureAwait(false);
                        break;
                }
            }
        }
        await store.PutBytesAsync(BlobUri.Combine(folderUri, FileName), buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    // flytekit writes with allow_truncated_timestamps=False, so a sub-microsecond time is an error there; ticks (100 ns)
    // below a microsecond are dropped here, as no .NET time API keeps them meaningfully.
    private static DateTime TruncateToMicros(DateTime t) => new(t.Ticks - t.Ticks % 10, t.Kind);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TRow>> ReadAsync(IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var objects = await store.ListAllAsync(folderUri, cancellationToken).ConfigureAwait(false);
        var files = objects.Where(IsDataFile).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new BlobNotFoundException(folderUri);
        var result = new List<TRow>();
        foreach (var uri in files)
        {
            var bytes = await store.GetBytesAsync(uri, cancellationToken).ConfigureAwait(false);
            await ReadFileAsync(bytes, uri, result, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private static bool IsDataFile(string uri)
    {
        var name = uri[(uri.LastIndexOf('/') + 1)..];
        return name.Length > 0 && name[0] is not ('_' or '.');
    }

    private static async Task ReadFileAsync(byte[] bytes, string uri, List<TRow> result, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(new MemoryStream(bytes), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TypeTransformerException("a parquet file", uri, e.Message, e);
        }
        await using var _ = reader.ConfigureAwait(false);
        var properties = DatasetRows<TRow>.Properties;
        var fields = properties.Select(p => reader.Schema.DataFields.FirstOrDefault(f => f.Name == p.Name)
            ?? throw new TypeTransformerException($"a parquet file with column '{p.Name}'",
                $"the columns [{string.Join(", ", reader.Schema.DataFields.Select(f => f.Name))}] in {uri}")).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var columns = new object?[fields.Length][];
            for (var c = 0; c < fields.Length; c++) columns[c] = await ReadColumnAsync(group, fields[c], rows, uri, cancellationToken).ConfigureAwait(false);
            for (var r = 0; r < rows; r++)
                result.Add(DatasetRows<TRow>.Make(columns.Select(column => column[r]).ToArray(), uri, result.Count));
        }
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, string uri, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
            return strings;
        }
        if (type == typeof(long)) return await ReadAsync<long>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(int)) return await ReadAsync<int>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(short)) return await ReadAsync<short>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(sbyte)) return await ReadAsync<sbyte>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(byte)) return await ReadAsync<byte>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(ushort)) return await ReadAsync<ushort>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(uint)) return await ReadAsync<uint>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(ulong)) return await ReadAsync<ulong>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(double)) return await ReadAsync<double>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(float)) return await ReadAsync<float>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(bool)) return await ReadAsync<bool>(group, field, rows, ct).ConfigureAwait(false);
        if (type == typeof(DateTime))
        {
            var times = await ReadAsync<DateTime>(group, field, rows, ct).ConfigureAwait(false);
            var utc = field is DateTimeDataField { IsAdjustedToUTC: true };
            return times.Select(t => t is DateTime d ? (object)DateTime.SpecifyKind(d, utc ? DateTimeKind.Utc : DateTimeKind.Unspecified) : null).ToArray();
        }
        throw new TypeTransformerException("a parquet column of numbers, booleans, strings or timestamps", $"column '{field.Name}' of {field.ClrType.Name} in {uri}");
    }

    private static async Task<object?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct) where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: ct).ConfigureAwait(false);
        return values.Select(v => v.HasValue ? (object)v.Value : null).ToArray();
    }
}
