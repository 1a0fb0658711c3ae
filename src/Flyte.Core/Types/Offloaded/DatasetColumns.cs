using System.Reflection;

namespace Flyte.Types.Offloaded;

/// <summary>
/// The columns of a dataset whose rows are a record type: one per public readable instance property, in declaration order
/// (base class first), typed by flytekit's fixed column map — integers → INTEGER, floating point and decimal → FLOAT,
/// bool → BOOLEAN, DateTime/DateTimeOffset/DateOnly → DATETIME, TimeSpan → DURATION, string/char/Guid/enums → STRING;
/// nullable forms map like their underlying type.
/// </summary>
public static class DatasetColumns
{
    /// <summary>The row properties of <paramref name="rowType"/>, in column order.</summary>
    public static IReadOnlyList<PropertyInfo> PropertiesOf(Type rowType)
    {
        var chain = new List<Type>();
        for (var t = rowType; t is not null && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .OrderBy(p => p.MetadataToken))
            .ToList();
    }

    /// <summary>The dataset columns of <paramref name="rowType"/>.</summary>
    /// <exception cref="TypeTransformerException">A property has a type no column can hold.</exception>
    public static ValueList<DatasetColumn> Of(Type rowType) =>
        new(PropertiesOf(rowType).Select(p => new DatasetColumn(p.Name, LiteralType.Of(ColumnType(p.PropertyType, rowType, p.Name)))));

    internal static SimpleType ColumnType(Type type, Type rowType, string name)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return SimpleType.String;
        return Type.GetTypeCode(type) switch
        {
            TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => SimpleType.Integer,
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => SimpleType.Float,
            TypeCode.Boolean => SimpleType.Boolean,
            TypeCode.DateTime => SimpleType.Datetime,
            TypeCode.String or TypeCode.Char => SimpleType.String,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateOnly) => SimpleType.Datetime,
            _ when type == typeof(TimeSpan) => SimpleType.Duration,
            _ when type == typeof(Guid) => SimpleType.String,
            _ => throw new TypeTransformerException("a dataset column type (number, bool, text, time)", $"{rowType.Name}.{name} of type {type.Name}",
                "Dataset rows are flat records; nest nothing but scalars."),
        };
    }
}
