using Flyte.Proto;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Pods;

/// <summary><c>flyte execute</c> as a process never crashes: error.pb and exit 0, exit 2 for a usage error with nowhere to write, exit 1 when not even error.pb can be written.</summary>
public sealed class EntrypointProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-execute-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Inputs(byte[] bytes)
    {
        var path = Path.Combine(_dir, "inputs-" + Guid.NewGuid().ToString("N")[..8] + ".pb");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] OneInteger => new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Primitive.Integer(1)))).ToBytes();

    private Pb.ContainerError ErrorAt(string outputPrefix) =>
        Pb.ErrorDocument.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(outputPrefix, "error.pb"))).Error;

    private static void AssertNoCrash(PodRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, expected {exitCode}:\n{run.Stderr}");
        Assert.DoesNotContain("Unhandled exception. ", run.Stderr);
    }

    [Fact]
    public async Task A_usage_error_with_no_output_prefix_exits_2_and_one_with_a_prefix_writes_a_non_recoverable_error()
    {
        var nowhere = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs(OneInteger), "", "", PodProcess.SamplesAssembly, AddOne.Name));
        AssertNoCrash(nowhere, 2);
        Assert.Contains("--output-prefix", nowhere.Stderr);

        var outputs = Path.Combine(_dir, "bad-args");
        var unrendered = await PodProcess.ExecuteAsync(PodProcess.Arguments("{{.input}}", outputs, "", PodProcess.SamplesAssembly, AddOne.Name));
        AssertNoCrash(unrendered, 0);
        Assert.Equal(("SYSTEM:BadArguments", Pb.ContainerError.Types.Kind.NonRecoverable), (ErrorAt(outputs).Code, ErrorAt(outputs).Kind));
    }

    [Fact]
    public async Task An_unwritable_output_prefix_exits_1_without_a_crash()
    {
        var run = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs(OneInteger), "/proc/flyte-cannot-write-here", "", PodProcess.SamplesAssembly, AddOne.Name));

        AssertNoCrash(run, 1);
        Assert.Contains("error.pb", run.Stderr);
    }

    [Fact]
    public async Task A_stack_deep_input_and_a_task_thread_that_throws_end_in_error_pb_and_exit_0()
    {
        // A literal nested 2 000 collections deep, written byte by byte: deeper than any parser's recursion limit.
        var literal = Array.Empty<byte>();
        for (var i = 0; i < 2_000; i++)
            literal = [0x12, .. Varint(literal.Length + 1 + Varint(literal.Length).Length), 0x0A, .. Varint(literal.Length), .. literal];
        byte[] entry = [0x0A, 1, (byte)'x', 0x12, .. Varint(literal.Length), .. literal];
        var deep = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs([0x0A, .. Varint(entry.Length), .. entry]), Path.Combine(_dir, "deep"), "",
            PodProcess.SamplesAssembly, AddOne.Name));
        AssertNoCrash(deep, 0);
        Assert.Equal(Pb.ExecutionError.Types.ErrorKind.System, ErrorAt(Path.Combine(_dir, "deep")).Origin);

        var thread = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs(OneInteger), Path.Combine(_dir, "thread"), "",
            PodProcess.TestAssembly, PodSamples.ThrowOnThread.Name));
        AssertNoCrash(thread, 0);
        var error = ErrorAt(Path.Combine(_dir, "thread"));
        Assert.Equal("USER:RuntimeError", error.Code);
        Assert.EndsWith("Message:\n\n    InvalidOperationException: thrown on a thread of the task's own", error.Message);
    }

    [Fact]
    public async Task A_100_KB_nested_msgpack_map_into_an_untyped_dict_ends_in_error_pb_naming_the_limit()
    {
        // {"a": {"a": … 33 000 levels … nil}}: a crash here (a stack overflow) would be exit 134 and no error.pb.
        var msgpack = new List<byte>();
        for (var i = 0; i < 33_000; i++) msgpack.AddRange([0x81, 0xa1, (byte)'a']);
        msgpack.Add(0xc0);
        var inputs = new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Binary(Bytes.CopyFrom(msgpack.ToArray()), Binary.MessagePackTag)))).ToBytes();
        var outputs = Path.Combine(_dir, "deep-msgpack");

        var run = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs(inputs), outputs, "", PodProcess.TestAssembly, PodSamples.CountKeys.Name));

        AssertNoCrash(run, 0);
        var error = ErrorAt(outputs);
        Assert.Contains("deeper than 512 levels", error.Message);
        Assert.Contains("[\"a\"][\"a\"]", error.Message);
    }

    [Fact]
    public async Task Relative_prefixes_are_taken_from_the_working_directory()
    {
        var run = await PodProcess.ExecuteAsync(PodProcess.Arguments(Inputs(OneInteger), "out/0", "raw", PodProcess.SamplesAssembly, AddOne.Name),
            workingDirectory: _dir);

        PodProcess.AssertSucceeded(run);
        Assert.Equal(new Primitive.Integer(2), ProtoSerializer.LiteralMapFromBytes(File.ReadAllBytes(Path.Combine(_dir, "out", "0", "outputs.pb"))).Literals["o0"].Value);
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }
}
