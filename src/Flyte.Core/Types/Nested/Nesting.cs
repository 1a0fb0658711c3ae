using System.Runtime.CompilerServices;

namespace Flyte.Types.Nested;

/// <summary>
/// The one depth limit of every recursive reader (<see cref="TypeEngineOptions.MaxDepth"/>). Readers count their depth
/// and call <see cref="Check"/> on entering a container; the stack check is a second guard so that even a limit set
/// too high for a small (thread-pool) stack ends in a typed error, never a stack overflow.
/// </summary>
internal static class Nesting
{
    /// <summary>Throws <see cref="NestingTooDeepException"/> when <paramref name="depth"/> exceeds <paramref name="limit"/> or the stack runs low.</summary>
    public static void Check(int depth, int limit)
    {
        if (depth > limit) throw new NestingTooDeepException(limit, stackLow: false);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new NestingTooDeepException(limit, stackLow: true);
    }

    /// <summary>An exception filter that puts <paramref name="segment"/> in front of a depth error's path; always false, so nothing unwinds twice.</summary>
    public static bool Prepend(Exception e, string segment)
    {
        if (e is NestingTooDeepException deep) deep.Prepend(segment);
        return false;
    }
}

/// <summary>A value nested deeper than the engine's limit; <see cref="Path"/> is where the limit was hit.</summary>
internal sealed class NestingTooDeepException(int limit, bool stackLow) : CodecReadException("")
{
    private const int ShownSegments = 12;
    private readonly List<string> _segments = [];

    /// <summary>The depth limit in force.</summary>
    public int Limit { get; } = limit;

    /// <summary>Where the limit was hit, relative to the reader that saw it (the first segments only).</summary>
    public string Path
    {
        get
        {
            var path = "";
            var shown = Math.Min(ShownSegments, _segments.Count);
            for (var i = _segments.Count - 1; i >= _segments.Count - shown; i--) path = Mismatches.Join(path, _segments[i]);
            return _segments.Count > shown ? path + $"… ({_segments.Count} levels)" : path;
        }
    }

    internal void Prepend(string segment) => _segments.Add(segment);

    /// <inheritdoc />
    public override string Message =>
        (stackLow ? $"the value nests deeper than this thread's stack allows (limit {Limit} levels)" : $"the value nests deeper than {Limit} levels (TypeEngineOptions.MaxDepth)")
        + (_segments.Count > 0 ? $" at {Path}" : "");
}
