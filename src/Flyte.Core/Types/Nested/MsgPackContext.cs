using System.Runtime.ExceptionServices;

namespace Flyte.Types;

/// <summary>
/// One msgpack conversion of a value that holds other values (a record, an untyped dict, a dict with native keys): the
/// <see cref="TransformerContext"/> plus the asynchronous work of nested values that only have a literal form (files,
/// directories, datasets, the opaque fallback, user transformers without a msgpack face).
/// <para>
/// Encoding and decoding stay synchronous (they stream over a ref-struct writer/reader). A nested literal conversion
/// that does not complete at once is started, not waited on: the pass goes on with a placeholder, the caller awaits
/// every started conversion (<see cref="CompleteAsync"/>), then runs the pass again (<see cref="Rewind"/>), which
/// takes the finished results in the same order. So nothing blocks, and storage is touched once per value.
/// </para>
/// </summary>
public sealed class MsgPackContext
{
    private List<object?>? _slots;
    private int _cursor;
    private bool _pending;

    /// <summary>A conversion in <paramref name="context"/>.</summary>
    public MsgPackContext(TransformerContext context) => Context = context;

    /// <summary>The context the nested transformers get.</summary>
    public TransformerContext Context { get; private set; }

    /// <summary>Makes this instance a fresh conversion in <paramref name="context"/> (reuse by <see cref="Nested.MsgPackBinary"/>).</summary>
    internal void Reset(TransformerContext context)
    {
        Context = context;
        _slots?.Clear();
        _cursor = 0;
        _pending = false;
        Depth = 0;
    }

    /// <summary>How many containers the reader is inside (see <see cref="TypeEngineOptions.MaxDepth"/>).</summary>
    internal int Depth { get; set; }

    /// <summary>Enters one more container; throws a depth error past <see cref="TypeEngineOptions.MaxDepth"/>. Pair with <see cref="Leave"/>.</summary>
    internal void Enter() => Nested.Nesting.Check(++Depth, Engine.Options.MaxDepth);

    /// <summary>Leaves the container entered last.</summary>
    internal void Leave() => Depth--;

    /// <summary>The engine, for nested values.</summary>
    public TypeEngine Engine => Context.Engine;

    /// <summary>Whether this pass started conversions that have not finished (so its output is a draft).</summary>
    public bool HasPending => _pending;

    /// <summary>The literal of a nested value, or null when its conversion is still running (write a placeholder).</summary>
    internal Literal? LiteralOf<T>(TypeTransformer<T> transformer, T value) =>
        Take(() => transformer.ToLiteralAsync(value, Context), out Literal? literal) ? literal : null;

    /// <summary>The value of a nested literal, or default when its conversion is still running.</summary>
    internal T ValueOf<T>(TypeTransformer<T> transformer, Literal literal) =>
        Take(() => transformer.ToValueAsync(literal, Context), out T? value) ? value! : default!;

    private bool Take<TResult>(Func<ValueTask<TResult>> start, out TResult? result)
    {
        var slot = _cursor++;
        var slots = _slots ??= [];
        if (slot < slots.Count)
        {
            switch (slots[slot])
            {
                case Task<TResult> { IsCompletedSuccessfully: true } done:
                    result = done.Result;
                    return true;
                case Task<TResult> { IsCompleted: true } failed:
                    ExceptionDispatchInfo.Capture(failed.Exception!.InnerException ?? failed.Exception).Throw();
                    break;
                case Task<TResult>:
                    _pending = true;
                    result = default;
                    return false;
                default:
                    result = (TResult?)slots[slot];
                    return true;
            }
        }
        var task = start();
        if (task.IsCompletedSuccessfully)
        {
            result = task.Result;
            slots.Add(result);
            return true;
        }
        slots.Add(task.AsTask());
        _pending = true;
        result = default;
        return false;
    }

    /// <summary>Awaits every conversion this pass started; failures surface where their value is met on the next pass.</summary>
    public async ValueTask CompleteAsync()
    {
        if (_slots is null) return;
        foreach (var slot in _slots)
            if (slot is Task task)
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception) when (task.IsFaulted || task.IsCanceled)
                {
                    // rethrown by the next pass, at the value's path
                }
    }

    /// <summary>Starts the next pass over the same value: nested conversions are taken from the previous pass in order.</summary>
    public void Rewind()
    {
        _cursor = 0;
        _pending = false;
        Depth = 0;
    }
}
