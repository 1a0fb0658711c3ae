using Pb = Flyteidl.Core;

namespace Flyte.Tasks;

/// <summary>
/// The <c>ContainerError</c> of a failed attempt (what <c>error.pb</c> holds) in flytekit's form
/// (<c>flytekit/bin/entrypoint.py</c>, <c>_dispatch_execute</c> and <c>get_traceback_str</c>), so the console shows a
/// .NET failure like a Python one.
/// </summary>
public static class ContainerErrors
{
    /// <summary>The code of a user error whose exception declares none (flytekit's <c>FlyteUserRuntimeException</c>).</summary>
    public const string UserRuntimeError = "USER:RuntimeError";

    /// <summary>The code of every system error the entrypoint classifies itself, as flytekit writes it.</summary>
    public const string SystemCode = "SYSTEM";

    private const string Indentation = "    ";

    /// <summary>
    /// An exception thrown by user code: origin USER, code <see cref="IFlyteErrorCode.ErrorCode"/> when the exception
    /// declares one, else <see cref="UserRuntimeError"/>; RECOVERABLE only for a <see cref="FlyteRecoverableException"/>;
    /// the message is <see cref="TraceMessage"/>.
    /// </summary>
    public static Pb.ContainerError FromUser(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception is IFlyteErrorCode { ErrorCode: { Length: > 0 } declared } ? declared : UserRuntimeError;
        return Create(code, TraceMessage(exception), recoverable: exception is FlyteRecoverableException, user: true);
    }

    /// <summary>A failure of the platform (storage, inputs, the entrypoint itself): code <see cref="SystemCode"/>, origin SYSTEM, RECOVERABLE, the message <see cref="TraceMessage"/>.</summary>
    public static Pb.ContainerError FromSystem(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Create(SystemCode, TraceMessage(exception), recoverable: true, user: false);
    }

    /// <summary>A <c>ContainerError</c> stamped now: a USER or SYSTEM error, RECOVERABLE or NON_RECOVERABLE.</summary>
    public static Pb.ContainerError Create(string code, string message, bool recoverable, bool user) => new()
    {
        Code = code,
        Message = message,
        Kind = recoverable ? Pb.ContainerError.Types.Kind.Recoverable : Pb.ContainerError.Types.Kind.NonRecoverable,
        Origin = user ? Pb.ExecutionError.Types.ErrorKind.User : Pb.ExecutionError.Types.ErrorKind.System,
        Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow),
    };

    /// <summary>
    /// flytekit's error text: <c>"Trace:\n\n"</c>, the exception with its stack (and inner exceptions) indented by four
    /// spaces, then <c>"\nMessage:\n\n"</c> and <c>"    &lt;TypeName&gt;: &lt;message&gt;"</c>. The trace is .NET's own
    /// (<see cref="Exception.ToString"/>, most recent frame first) where Python's has its traceback.
    /// </summary>
    public static string TraceMessage(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // Python's traceback.format_exception ends with a newline; textwrap.indent leaves blank lines alone.
        var trace = Indent(exception.ToString().ReplaceLineEndings("\n") + "\n");
        var message = Indent($"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings("\n")}");
        return $"Trace:\n\n{trace}\nMessage:\n\n{message}";
    }

    private static string Indent(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (!string.IsNullOrWhiteSpace(lines[i])) lines[i] = Indentation + lines[i];
        return string.Join('\n', lines);
    }
}
