using System.Globalization;
using System.Reflection;
using System.Text;
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
/// The built-in CSV codec for any flat record type: the folder holds one file, <c>00000.csv</c> — a header row of the
/// column names, then one line per row (RFC 4180 quoting, invariant culture, <c>\n</c> line ends, empty for null). Reading
/// accepts every object in the folder in name order (so flytekit's pandas CSV output, a file named <c>.csv</c>, reads too),
/// matching columns by header name.
/// </summary>
/// <typeparam name="TRow">The row type: a record with a constructor taking its properties, or a class with a parameterless constructor and setters.</typeparam>
public sealed class CsvDatasetCodec<TRow> : IDatasetCodec<TRow>
{
    /// <summary>The name of the one file written.</summary>
    public const string FileName = "00000.csv";

    private static readonly IReadOnlyList<PropertyInfo> Properties = DatasetColumns.PropertiesOf(typeof(TRow));

    /// <inheritdoc />
    public string Format => "csv";

    /// <inheritdoc />
    public async Task WriteAsync(IEnumerable<TRow> rows, IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Properties.Select(p => Quote(p.Name))).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', Properties.Select(p => Quote(FormatValue(p.GetValue(row))))).Append('\n');
        }
        await store.PutBytesAsync(BlobUri.Combine(folderUri, FileName), Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TRow>> ReadAsync(IBlobStore store, string folderUri, CancellationToken cancellationToken)
    {
        var result = new List<TRow>();
        var objects = await store.ListAllAsync(folderUri, cancellationToken).ConfigureAwait(false);
        if (objects.Count == 0) throw new BlobNotFoundException(folderUri);
        foreach (var uri in objects)
        {
            var bytes = await store.GetBytesAsync(uri, cancellationToken).ConfigureAwait(false);
            var records = Parse(Encoding.UTF8.GetString(bytes), uri);
            if (records.Count == 0) continue;
            var header = records[0];
            var columns = Properties.Select(p => Array.IndexOf(header, p.Name)).ToArray();
            for (var i = 0; i < columns.Length; i++)
                if (columns[i] < 0)
                    throw new TypeTransformerException($"a CSV with column '{Properties[i].Name}'", $"the header [{string.Join(", ", header)}] in {uri}");
            for (var r = 1; r < records.Count; r++)
            {
                if (records[r].Length != header.Length)
                    throw new TypeTransformerException($"{header.Length} fields per row", $"{records[r].Length} in row {r} of {uri}",
                        "The CSV is truncated or malformed.").AtPath($"[{result.Count}]");
                result.Add(Make(records[r], columns, uri, result.Count));
            }
        }
        return result;
    }

    private static TRow Make(string[] fields, int[] columns, string uri, int index)
    {
        var values = new object?[Properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = Parse(fields[columns[i]], Properties[i].PropertyType);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new TypeTransformerException(Properties[i].PropertyType.Name, $"\"{fields[columns[i]]}\" in {uri}", e.Message, e)
                    .AtPath(Properties[i].Name).AtPath($"[{index}]");
            }
        }
        return Construct(values);
    }

    private static TRow Construct(object?[] values)
    {
        var type = typeof(TRow);
        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().Length == Properties.Count && c.GetParameters()
                .All(p => Properties.Any(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase) && q.PropertyType == p.ParameterType)))
            .FirstOrDefault();
        if (constructor is not null)
        {
            var args = constructor.GetParameters()
                .Select(p => values[Properties.ToList().FindIndex(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase))]).ToArray();
            return (TRow)constructor.Invoke(args);
        }
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.Name} has neither a constructor taking its properties nor a parameterless one.");
        for (var i = 0; i < values.Length; i++) Properties[i].SetValue(instance, values[i]);
        return (TRow)instance;
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Parse(string text, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (text.Length == 0) return null;
            type = underlying;
        }
        if (type == typeof(string)) return text;
        if (type.IsEnum) return Enum.Parse(type, text);
        if (type == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (type == typeof(DateOnly)) return DateOnly.Parse(text, CultureInfo.InvariantCulture);
        if (type == typeof(TimeSpan)) return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        if (type == typeof(Guid)) return Guid.Parse(text);
        if (type == typeof(bool)) return bool.Parse(text);
        if (type == typeof(char)) return text.Length == 1 ? text[0] : throw new FormatException($"\"{text}\" is not one character.");
        return Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>RFC 4180 records; an unterminated quote is an error (a truncated file).</summary>
    private static List<string[]> Parse(string text, string uri)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                var end = i + 1;
                while (true)
                {
                    if (end >= text.Length)
                        throw new TypeTransformerException("a CSV file", $"an unterminated quoted field in {uri}", "The CSV is truncated.");
                    if (text[end] == '"')
                    {
                        if (end + 1 < text.Length && text[end + 1] == '"') { field.Append('"'); end += 2; continue; }
                        break;
                    }
                    field.Append(text[end++]);
                }
                i = end + 1;
                any = true;
                continue;
            }
            if (c == ',') { fields.Add(field.ToString()); field.Clear(); any = true; i++; continue; }
            if (c is '\n' or '\r')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                any = false;
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                continue;
            }
            field.Append(c);
            any = true;
            i++;
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}
