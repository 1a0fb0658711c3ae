using System.Globalization;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Google.Protobuf;

namespace Flyte.Entrypoints;

/// <summary>
/// Offloaded literals (Flyte ≥ 1.13, <c>Literal.offloaded_metadata{uri, size_bytes, inferred_type}</c>) at the
/// entrypoint, as flytekit's: inputs that are pointers are replaced by the literal they point to before conversion, and
/// an output whose protobuf size reaches <see cref="MinBytes"/> is written to <c>&lt;output-prefix&gt;/&lt;var&gt;_offloaded_metadata.pb</c>
/// while <c>outputs.pb</c> holds the pointer, with the literal's hash and the declared type.
/// </summary>
/// <param name="MinBytes">From this size an output is offloaded.</param>
/// <param name="MaxBytes">From this size an output is refused (a user error); null for no limit.</param>
public sealed record LiteralOffloading(long MinBytes, long? MaxBytes)
{
    /// <summary>The variable propeller sets to the offloading minimum, in MB; offloading is on exactly when it is set.</summary>
    public const string MinSizeVariable = "_F_L_MIN_SIZE_MB";

    /// <summary>The variable propeller sets to the fail-fast maximum, in MB (flytekit's default: 1000).</summary>
    public const string MaxSizeVariable = "_F_L_MAX_SIZE_MB";

    /// <summary>The file-name suffix of an offloaded output under the output prefix.</summary>
    public const string FileSuffix = "_offloaded_metadata.pb";

    private const long Megabyte = 1024 * 1024;

    /// <summary>
    /// The thresholds as flytekit reads them: null (no offloading) unless <see cref="MinSizeVariable"/> is set; then
    /// min = that many MB (10 when not a number), max = <see cref="MaxSizeVariable"/> MB (1000 by default, -1 for none).
    /// </summary>
    public static LiteralOffloading? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(MinSizeVariable) is not { } min) return null;
        static long Mb(string? text, long fallback) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        var max = Mb(environment(MaxSizeVariable), 1000);
        return new LiteralOffloading(Mb(min, 10) * Megabyte, max < 0 ? null : max * Megabyte);
    }

    /// <summary>
    /// <paramref name="inputs"/> with every offloaded literal — at the top level or inside collections and maps —
    /// replaced by the literal read from its URI (itself resolved again, should it hold pointers).
    /// </summary>
    /// <exception cref="BlobStoreException">A pointed-to literal cannot be read.</exception>
    public static async Task<LiteralMap> ResolveAsync(LiteralMap inputs, IBlobStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(store);
        var resolved = inputs.Literals;
        var changed = false;
        foreach (var (name, literal) in inputs.Literals)
        {
            var value = await ResolveAsync(literal, store, cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(value, literal)) continue;
            resolved = resolved.SetItem(name, value);
            changed = true;
        }
        return changed ? new LiteralMap(resolved) : inputs;
    }

    private static async Task<Literal> ResolveAsync(Literal literal, IBlobStore store, CancellationToken cancellationToken)
    {
        switch (literal.Value)
        {
            case LiteralOffloadedMetadata pointer:
                var bytes = await store.GetBytesAsync(pointer.Uri, cancellationToken).ConfigureAwait(false);
                Literal target;
                try
                {
                    target = ProtoSerializer.LiteralFromBytes(bytes);
                }
                catch (Exception e) when (e is InvalidProtocolBufferException or ProtoMappingException)
                {
                    throw new FlyteSystemException($"The offloaded literal at {pointer.Uri} is not a flyteidl Literal: {e.Message}", e);
                }
                return await ResolveAsync(target, store, cancellationToken).ConfigureAwait(false);
            case LiteralCollection collection:
                var items = new List<Literal>(collection.Literals.Count);
                var changed = false;
                foreach (var item in collection.Literals)
                {
                    var value = await ResolveAsync(item, store, cancellationToken).ConfigureAwait(false);
                    changed |= !ReferenceEquals(value, item);
                    items.Add(value);
                }
                return changed ? literal with { Value = new LiteralCollection(new(items)) } : literal;
            case LiteralMap map:
                var inner = await ResolveAsync(map, store, cancellationToken).ConfigureAwait(false);
                return ReferenceEquals(inner, map) ? literal : literal with { Value = inner };
            default:
                return literal;
        }
    }

    /// <summary>
    /// <paramref name="outputs"/> with every output at or above <see cref="MinBytes"/> written to
    /// <c>&lt;output-prefix&gt;/&lt;var&gt;_offloaded_metadata.pb</c> and replaced by its pointer.
    /// </summary>
    /// <exception cref="LiteralTooLargeException">An output reaches <see cref="MaxBytes"/>.</exception>
    public async Task<LiteralMap> OffloadAsync(LiteralMap outputs, TypedInterface declared, string outputPrefix, IBlobStore store,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(store);
        var result = outputs.Literals;
        foreach (var (name, literal) in outputs.Literals)
        {
            var proto = ProtoMapping.ToProto(literal);
            long size = proto.CalculateSize();
            if (MaxBytes is { } max && size >= max)
                throw new LiteralTooLargeException(name, size, max);
            if (size < MinBytes) continue;
            var uri = BlobUri.Combine(outputPrefix, name + FileSuffix);
            await store.PutBytesAsync(uri, proto.ToByteArray(), cancellationToken).ConfigureAwait(false);
            var type = declared.Output(name)?.Type
                ?? throw new FlyteSystemException($"Output '{name}' is not declared, so its offloaded literal has no type.");
            result = result.SetItem(name, new Literal(new LiteralOffloadedMetadata(uri, (ulong)size, type))
            {
                Hash = literal.Hash.Length > 0 ? literal.Hash : LiteralHash.Of(proto),
            });
        }
        return new LiteralMap(result);
    }
}

/// <summary>An output is larger than the offloading maximum (<c>_F_L_MAX_SIZE_MB</c>): it can travel neither inline nor offloaded.</summary>
public sealed class LiteralTooLargeException(string name, long size, long max)
    : Exception($"Literal {name} is too large to be offloaded. Max literal size is {max} whereas the literal size is {size} bytes.")
{
    /// <summary>The output's name.</summary>
    public string Name { get; } = name;
}
