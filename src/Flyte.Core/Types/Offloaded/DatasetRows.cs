using System.Globalization;
using System.Reflection;

namespace Flyte.Types.Offloaded;

/// <summary>
/// Rows of <typeparamref name="TRow"/> as cells, the form every dataset codec reads and writes: one cell per column
/// (<see cref="DatasetColumns"/>), of the column's canonical .NET type — <c>long</c> (INTEGER), <c>double</c> (FLOAT),
/// <c>bool</c> (BOOLEAN), <c>string</c> (STRING), <c>DateTime</c> (DATETIME, UTC unless the property is a date or a
/// local-free <see cref="DateTime"/>), <c>TimeSpan</c> (DURATION) — or <c>null</c>.
/// </summary>
/// <typeparam name="TRow">A record with a constructor taking its properties, or a class with a parameterless constructor and setters.</typeparam>
internal static class DatasetRows<TRow>
{
    /// <summary>The row properties, in column order.</summary>
    public static readonly IReadOnlyList<PropertyInfo> Properties = DatasetColumns.PropertiesOf(typeof(TRow));

    /// <summary>The column type of each property.</summary>
    public static readonly IReadOnlyList<SimpleType> Kinds = Properties.Select(p => DatasetColumns.ColumnType(p.PropertyType, typeof(TRow), p.Name)).ToList();

    private static readonly ConstructorInfo? Constructor = typeof(TRow).GetConstructors()
        .FirstOrDefault(c => c.GetParameters().Length == Properties.Count && c.GetParameters()
            .All(p => Properties.Any(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase) && q.PropertyType == p.ParameterType)));

    /// <summary>The cells of <paramref name="row"/>, in column order.</summary>
    public static object?[] Cells(TRow row, int index)
    {
        var cells = new object?[Properties.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            var value = Properties[i].GetValue(row);
            try
            {
                cells[i] = ToCell(value);
            }
            catch (OverflowException e)
            {
                throw new TypeTransformerException("an INTEGER column value (64-bit signed)", $"{value}", e.Message, e).AtPath(Properties[i].Name).AtPath($"[{index}]");
            }
        }
        return cells;
    }

    /// <summary>A row made of <paramref name="cells"/> (canonical cells, or text to parse, in column order).</summary>
    /// <exception cref="TypeTransformerException">A cell does not fit its property; the path names the row and the column.</exception>
    public static TRow Make(object?[] cells, string source, int index)
    {
        var values = new object?[Properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var property = Properties[i];
            try
            {
                values[i] = FromCell(cells[i], property.PropertyType);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
            {
                throw new TypeTransformerException(property.PropertyType.Name, $"{Describe(cells[i])} in {source}", e.Message, e)
                    .AtPath(property.Name).AtPath($"[{index}]");
            }
        }
        return Construct(values);
    }

    private static string Describe(object? cell) => cell switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => $"{cell} ({cell.GetType().Name})",
    };

    private static object? ToCell(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        char c => c.ToString(),
        Guid g => g.ToString(),
        Enum e => e.ToString(),
        float f => (double)f,
        double d => d,
        decimal m => (double)m,
        ulong u => checked((long)u),
        IConvertible c when value is sbyte or byte or short or ushort or int or uint or long => c.ToInt64(CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
        DateTime d => d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d,
        TimeSpan t => t,
        _ => throw new InvalidCastException($"{value.GetType().Name} is not a dataset column type."),
    };

    private static object? FromCell(object? cell, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        // CSV has no null: an empty field of a nullable value type is one (pandas writes NaN/None as "").
        if (cell is string { Length: 0 } && underlying is not null) cell = null;
        if (cell is null)
            return underlying is not null || !type.IsValueType ? null : throw new FormatException($"the column holds a null, which {type.Name} cannot");
        type = underlying ?? type;
        if (cell is string text) return Parse(text, type);
        if (type == typeof(string)) return Convert.ToString(cell, CultureInfo.InvariantCulture);
        if (type.IsEnum) return Enum.Parse(type, Convert.ToString(cell, CultureInfo.InvariantCulture)!);
        if (type == typeof(DateTimeOffset))
            return cell is DateTime d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : throw new InvalidCastException($"{cell.GetType().Name} is not a time");
        if (type == typeof(DateOnly)) return cell is DateTime day ? DateOnly.FromDateTime(day) : throw new InvalidCastException($"{cell.GetType().Name} is not a date");
        if (type == typeof(TimeSpan))
            return cell switch
            {
                TimeSpan t => t,
                long ns => TimeSpan.FromTicks(ns / 100),
                _ => throw new InvalidCastException($"{cell.GetType().Name} is not a duration"),
            };
        if (type == typeof(DateTime)) return cell is DateTime dt ? dt : throw new InvalidCastException($"{cell.GetType().Name} is not a time");
        if (type == typeof(bool)) return cell is bool b ? b : throw new InvalidCastException($"{cell.GetType().Name} is not a bool");
        if (cell is bool or DateTime or TimeSpan) throw new InvalidCastException($"{cell.GetType().Name} is not a number");
        if (IsInteger(type) && cell is double or float) throw new InvalidCastException("a floating-point value is not an integer");
        return Convert.ChangeType(cell, type, CultureInfo.InvariantCulture);
    }

    private static bool IsInteger(Type type) => Type.GetTypeCode(type) is TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16
        or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;

    private static object Parse(string text, Type type)
    {
        if (type == typeof(string)) return text;
        if (type.IsEnum) return Enum.Parse(type, text);
        if (type == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (type == typeof(DateOnly)) return DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture));
        if (type == typeof(TimeSpan)) return CsvCells.ParseDuration(text);
        if (type == typeof(Guid)) return Guid.Parse(text);
        if (type == typeof(bool)) return bool.Parse(text);
        if (type == typeof(char)) return text.Length == 1 ? text[0] : throw new FormatException($"\"{text}\" is not one character.");
        return Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
    }

    private static TRow Construct(object?[] values)
    {
        if (Constructor is not null)
        {
            var args = Constructor.GetParameters()
                .Select(p => values[Properties.ToList().FindIndex(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase))]).ToArray();
            return (TRow)Constructor.Invoke(args);
        }
        var instance = Activator.CreateInstance(typeof(TRow))
            ?? throw new InvalidOperationException($"{typeof(TRow).Name} has neither a constructor taking its properties nor a parameterless one.");
        for (var i = 0; i < values.Length; i++) Properties[i].SetValue(instance, values[i]);
        return (TRow)instance;
    }
}
