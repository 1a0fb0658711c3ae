using Flyte.Tasks;
using Xunit;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Tasks;

public sealed class ContainerErrorsTests
{
    private sealed class QuotaExceeded(string message) : Exception(message), IFlyteErrorCode
    {
        public string ErrorCode => "USER:QuotaExceeded";
    }

    [Fact]
    public void The_message_has_flytekits_trace_and_message_sections()
    {
        // What flytekit's get_traceback_str gives for ValueError("two\n\nlines") with no traceback (Python 3.12):
        // 'Trace:\n\n    ValueError: two\n\n    lines\n\nMessage:\n\n    ValueError: two\n\n    lines'
        // (blank lines stay unindented, as textwrap.indent leaves them); .NET's trace is the exception's own text.
        var text = ContainerErrors.TraceMessage(new InvalidOperationException("two\r\n\nlines"));

        Assert.Equal("Trace:\n\n    System.InvalidOperationException: two\n\n    lines\n\nMessage:\n\n    InvalidOperationException: two\n\n    lines", text);
    }

    [Fact]
    public void The_trace_holds_the_stack_and_the_inner_exceptions()
    {
        Exception thrown;
        try
        {
            try { throw new FormatException("inner cause"); }
            catch (FormatException e) { throw new InvalidOperationException("outer", e); }
        }
        catch (InvalidOperationException e) { thrown = e; }

        var text = ContainerErrors.TraceMessage(thrown);

        Assert.StartsWith("Trace:\n\n    System.InvalidOperationException: outer\n     ---> System.FormatException: inner cause\n       at ", text);
        Assert.Contains($"\n       at {typeof(ContainerErrorsTests).FullName}.{nameof(The_trace_holds_the_stack_and_the_inner_exceptions)}()", text);
        Assert.EndsWith("\n\nMessage:\n\n    InvalidOperationException: outer", text);
    }

    [Fact]
    public void User_errors_take_flytekits_codes_kinds_and_origin()
    {
        var plain = ContainerErrors.FromUser(new ArgumentException("no"));
        var recoverable = ContainerErrors.FromUser(new FlyteRecoverableException("later"));
        var timeout = ContainerErrors.FromUser(new FlyteTimeoutException("t", TimeSpan.FromSeconds(1)));
        var declared = ContainerErrors.FromUser(new QuotaExceeded("quota"));

        Assert.Equal(
            [("USER:RuntimeError", Pb.ContainerError.Types.Kind.NonRecoverable), ("USER:Recoverable", Pb.ContainerError.Types.Kind.Recoverable),
             ("USER:Timeout", Pb.ContainerError.Types.Kind.Recoverable), ("USER:QuotaExceeded", Pb.ContainerError.Types.Kind.NonRecoverable)],
            new[] { plain, recoverable, timeout, declared }.Select(e => (e.Code, e.Kind)));
        Assert.All(new[] { plain, recoverable, timeout, declared }, e => Assert.Equal(Pb.ExecutionError.Types.ErrorKind.User, e.Origin));
        Assert.EndsWith("Message:\n\n    QuotaExceeded: quota", declared.Message);
    }

    [Fact]
    public void System_errors_are_code_SYSTEM_recoverable_with_system_origin()
    {
        var error = ContainerErrors.FromSystem(new IOException("disk full"));

        Assert.Equal(("SYSTEM", Pb.ContainerError.Types.Kind.Recoverable, Pb.ExecutionError.Types.ErrorKind.System), (error.Code, error.Kind, error.Origin));
        Assert.Equal("Trace:\n\n    System.IO.IOException: disk full\n\nMessage:\n\n    IOException: disk full", error.Message);
        Assert.NotNull(error.Timestamp);
    }
}
