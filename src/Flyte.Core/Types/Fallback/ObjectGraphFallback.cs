using System.Buffers;
using System.Security.Cryptography;
using Flyte.Storage;
using Flyte.Types.Offloaded;

namespace Flyte.Types.Fallback;

/// <summary>
/// The opaque-object fallback (the twin of flytekit's FlytePickle): the engine's last resort for a type no transformer
/// handles. The value's state is captured by <see cref="ObjectGraphSerializer"/> into one blob of format
/// <see cref="ObjectGraphFormat.Name"/>, and the declared type's name goes in the literal type's metadata. Creating the
/// transformer warns through <see cref="TypeEngineOptions.Warn"/> (once per type and engine, since the engine caches it);
/// with <see cref="TypeEngineOptions.StrictFallback"/> it is a <see cref="TypeTransformerException"/> instead.
/// </summary>
public sealed class ObjectGraphFallback : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        !type.ContainsGenericParameters && !type.IsPointer && !type.IsByRef && !type.IsByRefLike && type != typeof(void);

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        var name = GraphPlan.Name(type);
        if (engine.Options.StrictFallback)
            throw new TypeTransformerException("a type with a Flyte transformer", $".NET type {name}",
                $"StrictFallback is on, so {name} is not sent as an opaque {ObjectGraphFormat.Name} blob: make it a record (public properties and a constructor taking them) or add a transformer.");
        ITypeTransformer transformer;
        try
        {
            transformer = (ITypeTransformer)Activator.CreateInstance(typeof(ObjectGraphTransformer<>).MakeGenericType(type))!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is TypeTransformerException inner)
        {
            // A type the serializer cannot capture (delegates, handles, framework internals) is the engine's usual "no transformer" error.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
        (engine.Options.Warn ?? TypeEngineOptions.WarnToStandardError)(
            $"Unsupported type {name} found: Flyte will send it as an opaque {ObjectGraphFormat.Name} blob, readable only by .NET tasks with the same type. " +
            "Make it a record (public properties and a constructor taking them) or register a transformer for it.");
        return transformer;
    }
}

/// <summary>One value of <typeparamref name="T"/> ⇄ a <c>Blob{DotNetObjectGraph, SINGLE}</c> whose object holds the captured graph.</summary>
/// <typeparam name="T">The declared type.</typeparam>
public sealed class ObjectGraphTransformer<T> : TypeTransformer<T>
{
    private readonly ObjectGraphSerializer _serializer = new(typeof(T));

    /// <inheritdoc />
    public override string Name => ObjectGraphFormat.Name;

    /// <inheritdoc />
    public override LiteralType LiteralType { get; } = ObjectGraphTypes.Single(typeof(T));

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "Cannot serialize a null value.");
        var offload = OffloadContext.From(context, LiteralType);
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.Serialize(value, buffer);
        // As flytekit names pickles: <raw output prefix>/<random hex>/<md5 hex of the content>.
        var uri = BlobUri.Combine(offload.NewOutputFolder(), Convert.ToHexStringLower(MD5.HashData(buffer.WrittenSpan)));
        await offload.Store.PutBytesAsync(uri, buffer.WrittenMemory, context.CancellationToken).ConfigureAwait(false);
        return new Blob(new BlobMetadata((BlobType)LiteralType.Type), uri);
    }

    /// <inheritdoc />
    public override async ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var blob = ObjectGraphTypes.ReadBlob(literal, LiteralType, BlobDimensionality.Single);
        var offload = OffloadContext.From(context, LiteralType);
        var bytes = await offload.Store.GetBytesAsync(blob.Uri, context.CancellationToken).ConfigureAwait(false);
        try
        {
            return (T)_serializer.Deserialize(bytes, context.Engine.Options.MaxDepth)!;
        }
        catch (TypeTransformerException e)
        {
            throw new TypeTransformerException(LiteralType, $"the object {blob.Uri}", e.Message, e);
        }
    }
}

/// <summary>Literal types and checks shared by the single and batched fallback.</summary>
internal static class ObjectGraphTypes
{
    public static LiteralType Single(Type type) => Of(type, BlobDimensionality.Single);

    public static LiteralType Of(Type type, BlobDimensionality dimensionality) =>
        new(new BlobType(ObjectGraphFormat.Name, dimensionality))
        {
            Metadata = Struct.Of((ObjectGraphFormat.TypeNameKey, GraphPlan.Name(type))),
        };

    public static Blob ReadBlob(Literal literal, LiteralType declared, BlobDimensionality dimensionality)
    {
        if (literal.Value is not Blob blob) throw new TypeTransformerException(declared, $"a {literal.Value.GetType().Name} literal");
        if (blob.Metadata.Type.Format != ObjectGraphFormat.Name)
            throw new TypeTransformerException(declared, $"a blob of format '{blob.Metadata.Type.Format}'",
                blob.Metadata.Type.Format == "PythonPickle" ? "A Python pickle can only be read by Python." : null);
        if (blob.Metadata.Type.Dimensionality != dimensionality)
            throw new TypeTransformerException(declared, $"a {blob.Metadata.Type} blob",
                dimensionality == BlobDimensionality.Single ? "A batched list is not one object." : "One object is not a batched list.");
        return blob;
    }
}
