using System.Buffers;
using Flyte.MessagePack;
using Xunit;

namespace Flyte.Tests.MessagePack;

/// <summary>The hot path (write a dataclass-like map, read it back without materializing strings) allocates nothing.</summary>
public class AllocationTests
{
    private static void WriteRecord(ref MessagePackWriter w, int i)
    {
        w.WriteMapHeader(4);
        w.WriteString("id");
        w.Write(i * 1_000_003L);
        w.WriteString("name");
        w.WriteString("an ordinary name, é and 😀 included");
        w.WriteString("score");
        w.Write(i / 7.0);
        w.WriteString("blob");
        w.WriteBinary([1, 2, 3]);
    }

    private static long ReadRecord(ref MessagePackReader r)
    {
        long sum = 0;
        var n = r.ReadMapHeader();
        for (var j = 0; j < n; j++)
        {
            sum += r.ReadStringSpan().Length;
            switch (r.PeekType())
            {
                case MessagePackType.Integer: sum += r.ReadInt64(); break;
                case MessagePackType.Float: sum += (long)r.ReadDouble(); break;
                case MessagePackType.String: sum += r.ReadStringSpan().Length; break;
                default: sum += r.ReadBinary().Length; break;
            }
        }

        return sum;
    }

    [Fact]
    public void Writing_and_reading_values_allocates_nothing_per_value()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var writer = new MessagePackWriter(buffer);
        WriteRecord(ref writer, 0); // warm up JIT and statics
        buffer.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) WriteRecord(ref writer, i);
        var reader = new MessagePackReader(buffer.WrittenSpan);
        long sum = 0;
        while (!reader.End) sum += ReadRecord(ref reader);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
