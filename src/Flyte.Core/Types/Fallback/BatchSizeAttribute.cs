namespace Flyte.Types.Fallback;

/// <summary>
/// Sends a list of opaque objects as one MULTIPART blob with one file per <see cref="Size"/> elements (flytekit's
/// <c>Annotated[List[T], BatchSize(n)]</c>), written and read in parallel, order preserved. Put it on a task parameter or
/// on its return value (<c>[return: BatchSize(2)]</c>); the task layer resolves the transformer with
/// <see cref="BatchedFallback.GetFor"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BatchSizeAttribute : Attribute
{
    /// <summary>Batches of <paramref name="size"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public BatchSizeAttribute(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
    }

    /// <summary>Elements per file.</summary>
    public int Size { get; }
}
