using System.Collections.Frozen;

namespace Flyte.Types.Primitives;

/// <summary>
/// The primitive family: .NET integers, floats, decimal, string, bool, times, Guid, Uri and byte[] ⇄ Flyte simple types.
/// One stateless transformer per type, shared by every engine. See <c>docs/types.md</c> for the table.
/// </summary>
public sealed class PrimitiveFamily : TransformerFactory
{
    private static readonly FrozenDictionary<Type, ITypeTransformer> Transformers = new ITypeTransformer[]
    {
        new IntegerTransformer<long>(), new IntegerTransformer<int>(), new IntegerTransformer<short>(),
        new IntegerTransformer<sbyte>(), new IntegerTransformer<byte>(), new IntegerTransformer<ushort>(),
        new IntegerTransformer<uint>(), new IntegerTransformer<ulong>(),
        new FloatTransformer<double>(), new FloatTransformer<float>(),
        new DecimalTransformer(), new StringTransformer(), new BooleanTransformer(),
        new DateTimeTransformer(), new DateTimeOffsetTransformer(), new DateOnlyTransformer(), new TimeSpanTransformer(),
        new GuidTransformer(), new UriTransformer(), new BytesTransformer(),
        new CharTransformer(), new TimeOnlyTransformer(), new BigIntegerTransformer(),
    }.ToFrozenDictionary(t => t.ClrType);

    /// <summary>The .NET types this family handles.</summary>
    public static IEnumerable<Type> Types => Transformers.Keys;

    /// <inheritdoc />
    public override bool CanTransform(Type type) => Transformers.ContainsKey(type);

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        Transformers.TryGetValue(type, out var transformer) ? transformer : throw new ArgumentException($"{type} is not a primitive.", nameof(type));

    /// <summary>INTEGER → long, FLOAT → double, STRING → string, BOOLEAN → bool, DATETIME → DateTime, DURATION → TimeSpan, BINARY → byte[].</summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) => literalType.Type switch
    {
        TypeKind.Simple { Type: SimpleType.Integer } => typeof(long),
        TypeKind.Simple { Type: SimpleType.Float } => typeof(double),
        TypeKind.Simple { Type: SimpleType.String } => typeof(string),
        TypeKind.Simple { Type: SimpleType.Boolean } => typeof(bool),
        TypeKind.Simple { Type: SimpleType.Datetime } => typeof(DateTime),
        TypeKind.Simple { Type: SimpleType.Duration } => typeof(TimeSpan),
        TypeKind.Simple { Type: SimpleType.Binary } => typeof(byte[]),
        _ => null,
    };
}
