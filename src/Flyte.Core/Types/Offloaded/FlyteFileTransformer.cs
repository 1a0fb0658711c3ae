using Flyte.MessagePack;
using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// <see cref="FlyteFile"/> (and <see cref="FlyteFile{TFormat}"/>) ⇄ <c>Blob{format, SINGLE}</c>, under flytekit's name
/// <c>FlyteFilePath</c>. Needs an <see cref="OffloadContext"/> in the transformer context.
/// </summary>
/// <typeparam name="TFile">The declared file type.</typeparam>
public sealed class FlyteFileTransformer<TFile> : TypeTransformer<TFile> where TFile : FlyteFile
{
    private readonly string _format;
    private readonly Func<string, string, OffloadContext, TFile> _make;

    internal FlyteFileTransformer(string format, Func<string, string, OffloadContext, TFile> make)
    {
        _format = format;
        _make = make;
        LiteralType = new LiteralType(new BlobType(format, BlobDimensionality.Single));
    }

    /// <inheritdoc />
    public override string Name => "FlyteFilePath";

    /// <inheritdoc />
    public override LiteralType LiteralType { get; }

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(TFile value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "None value cannot be converted to a file.");
        if (!FileFormats.Fits(_format, value.Format))
            throw new TypeTransformerException(LiteralType, $"a file of format '{value.Format}'", $"The declared format is '{_format}'.");
        var offload = OffloadContext.From(context, LiteralType);
        var uri = value.Uri;
        if (!value.IsRemote && !value.Received)
        {
            if (!File.Exists(uri))
                throw new TypeTransformerException(LiteralType, $"the local path {uri}", $"Error converting {uri} because it's not a file.");
            if (!offload.KeepLocalPaths)
            {
                uri = BlobUri.Combine(offload.NewOutputFolder(), Transfer.BaseName(value.Uri));
                await Transfer.UploadAsync(offload.Store, value.Uri, uri, context.CancellationToken).ConfigureAwait(false);
            }
        }
        var format = _format.Length > 0 ? _format : value.Format;
        return new Literal(new Blob(new BlobMetadata(new BlobType(format, BlobDimensionality.Single)), uri))
        {
            Metadata = new ValueMap<string>(value.Metadata),
        };
    }

    /// <inheritdoc />
    public override ValueTask<TFile> ToValueAsync(Literal literal, TransformerContext context)
    {
        var blob = OffloadedLiterals.ReadBlob(literal, LiteralType);
        if (blob.Metadata.Type.Dimensionality != BlobDimensionality.Single)
            throw new TypeTransformerException(LiteralType, $"a {blob.Metadata.Type} blob", $"{blob.Uri} is not a file (a MULTIPART blob is a directory).");
        var found = blob.Metadata.Type.Format;
        if (!FileFormats.Fits(_format, found))
            throw new TypeTransformerException(LiteralType, $"a file of format '{found}'", $"The declared format is '{_format}'.");
        if (BlobUri.IsLocal(blob.Uri) && !File.Exists(BlobUri.ToLocalPath(blob.Uri)))
            throw new TypeTransformerException(LiteralType, $"the local path {blob.Uri}", $"Expected a file, but {blob.Uri} is not a file.");
        var offload = OffloadContext.From(context, LiteralType);
        var file = _make(blob.Uri, _format.Length > 0 ? _format : found, offload);
        file.Received = true;
        return ValueTask.FromResult(literal.Metadata.Count == 0 ? file : Attach(file, literal.Metadata));
    }

    private static TFile Attach(TFile file, ValueMap<string> metadata)
    {
        file.AttachMetadata(metadata.ToDictionary(kv => kv.Key, kv => kv.Value));
        return file;
    }
}

/// <summary>Reading the literal shapes offloaded values arrive in.</summary>
internal static class OffloadedLiterals
{
    /// <summary>
    /// The blob of a literal: a <c>Blob</c> scalar, or the msgpack <c>{"path": uri}</c> form attribute access produces
    /// (then with the declared blob type).
    /// </summary>
    public static Blob ReadBlob(Literal literal, LiteralType declared) => literal.Value switch
    {
        Blob blob => blob,
        Binary { Tag: Binary.MessagePackTag } binary => new Blob(new BlobMetadata((BlobType)declared.Type),
            ReadMapString(binary, declared, "path", "uri")),
        _ => throw new TypeTransformerException(declared, Describe(literal)),
    };

    public static string ReadMapString(Binary binary, LiteralType declared, params string[] keys)
    {
        try
        {
            var reader = new MessagePackReader(binary.Value.Span);
            var count = reader.ReadMapHeader();
            string? found = null;
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                if (found is null && keys.Contains(key) && reader.PeekType() == MessagePackType.String) found = reader.ReadString();
                else reader.Skip();
            }
            return found ?? throw new TypeTransformerException(declared, "a msgpack map", $"It has no \"{keys[0]}\" entry.");
        }
        catch (MessagePackException e)
        {
            throw new TypeTransformerException(declared, "malformed msgpack", e.Message, e);
        }
    }

    public static string Describe(Literal literal) => literal.Value switch
    {
        Scalar s => $"a {s.GetType().Name} literal",
        _ => $"a {literal.Value.GetType().Name} literal",
    };
}
