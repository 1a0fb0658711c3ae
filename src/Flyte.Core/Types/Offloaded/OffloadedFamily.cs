namespace Flyte.Types.Offloaded;

/// <summary>
/// The built-in family for files, directories and datasets: <see cref="FlyteFile"/>, <see cref="FlyteFile{TFormat}"/>,
/// <see cref="FlyteDirectory"/>, <see cref="FlyteDataset"/> and <see cref="FlyteDataset{TRow}"/>. It guesses
/// <see cref="FlyteFile"/> for SINGLE blobs (except the opaque-object fallback's), <see cref="FlyteDirectory"/> for
/// MULTIPART blobs and <see cref="FlyteDataset"/> for structured datasets.
/// </summary>
public sealed class OffloadedFamily : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type == typeof(FlyteFile) || type == typeof(FlyteDirectory) || type == typeof(FlyteDataset) ||
        type.IsGenericType && !type.ContainsGenericParameters &&
        (type.GetGenericTypeDefinition() == typeof(FlyteFile<>) || type.GetGenericTypeDefinition() == typeof(FlyteDataset<>));

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        if (type == typeof(FlyteFile))
            return new FlyteFileTransformer<FlyteFile>("", (uri, format, offload) => new FlyteFile(uri, format, offload.Store, offload.DownloadRoot));
        if (type == typeof(FlyteDirectory)) return new FlyteDirectoryTransformer();
        if (type == typeof(FlyteDataset))
            return new FlyteDatasetTransformer<FlyteDataset>(ValueList<DatasetColumn>.Empty, (handle, _, _) => handle);
        var argument = type.GetGenericArguments()[0];
        var definition = type.GetGenericTypeDefinition();
        var method = typeof(OffloadedFamily).GetMethod(definition == typeof(FlyteFile<>) ? nameof(TypedFile) : nameof(TypedDataset),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (ITypeTransformer)method.MakeGenericMethod(argument).Invoke(null, null)!;
    }

    private static ITypeTransformer TypedFile<TFormat>() where TFormat : IFileFormat =>
        new FlyteFileTransformer<FlyteFile<TFormat>>(TFormat.Name, (uri, _, offload) => new FlyteFile<TFormat>(uri, offload.Store, offload.DownloadRoot));

    private static ITypeTransformer TypedDataset<TRow>() =>
        new FlyteDatasetTransformer<FlyteDataset<TRow>>(DatasetColumns.Of(typeof(TRow)),
            (handle, offload, codecs) => new FlyteDataset<TRow>(handle, offload.Store, offload, codecs));

    /// <inheritdoc />
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) => literalType.Type switch
    {
        BlobType { Dimensionality: BlobDimensionality.Multipart } => typeof(FlyteDirectory),
        BlobType { Format: not Fallback.ObjectGraphFormat.Name } => typeof(FlyteFile),
        StructuredDatasetType => typeof(FlyteDataset),
        _ => null,
    };
}
