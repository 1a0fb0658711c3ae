using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FlyteReader = Flyte.MessagePack.MessagePackReader;
using FlyteWriter = Flyte.MessagePack.MessagePackWriter;
using MpReader = global::MessagePack.MessagePackReader;
using MpWriter = global::MessagePack.MessagePackWriter;

namespace Flyte.Bench;

/// <summary>
/// Our hand-written msgpack codec against MessagePack-CSharp's low-level <c>MessagePackWriter</c>/<c>MessagePackReader</c>
/// (2.5.307), on seed 001's shapes as flytekit encodes them: <c>BatchRequest</c> (a map with str keys, an array of
/// maps of float64s, a string) and <c>PredictionSummary</c> (an array of float64s, a float64, an int, a string), at
/// 10³ and 10⁶ elements. Each payload is written and read field by field, the same calls on both codecs; the setup
/// checks that both write the same bytes and read back the same values. Ratios are per category (write, read), with
/// our codec as the baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MessagePackCodecs
{
    private static readonly byte[] RequestsKey = "requests"u8.ToArray();
    private static readonly byte[] BatchIdKey = "batch_id"u8.ToArray();
    private static readonly byte[] FeatureAKey = "feature_a"u8.ToArray();
    private static readonly byte[] FeatureBKey = "feature_b"u8.ToArray();
    private static readonly byte[] PredictionsKey = "predictions"u8.ToArray();
    private static readonly byte[] AverageKey = "average"u8.ToArray();
    private static readonly byte[] CountKey = "count"u8.ToArray();

    private BatchRequest _batch = null!;
    private Summary _summary = null!;
    private byte[] _bytes = null!;
    private ArrayBufferWriter<byte> _buffer = null!;

    /// <summary>The payload: seed 001's <c>BatchRequest</c> or <c>PredictionSummary</c>, and its element count.</summary>
    [Params("BatchRequest_1k", "PredictionSummary_1k", "BatchRequest_1M", "PredictionSummary_1M")]
    public string Payload { get; set; } = "";

    private bool IsBatch => Payload.StartsWith("BatchRequest", StringComparison.Ordinal);

    /// <summary>Builds the payload, encodes it with both codecs and checks bytes and decoded values agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var count = Payload.EndsWith("_1M", StringComparison.Ordinal) ? 1_000_000 : 1_000;
        _batch = BatchRequest.Sample(count);
        _summary = Summary.Sample(count);
        _buffer = new ArrayBufferWriter<byte>(64 * count + 1024);

        FlyteWrite();
        var ours = _buffer.WrittenSpan.ToArray();
        MessagePackCSharpWrite();
        var theirs = _buffer.WrittenSpan.ToArray();
        if (!ours.AsSpan().SequenceEqual(theirs))
        {
            var at = ours.AsSpan().CommonPrefixLength(theirs);
            throw new InvalidOperationException(
                $"{Payload}: the codecs' bytes differ at offset {at} (ours {ours.Length} bytes, MessagePack-CSharp {theirs.Length}).");
        }

        _bytes = ours;
        if (!Same(FlyteRead(), MessagePackCSharpRead()) || !Same(FlyteRead(), IsBatch ? _batch : _summary))
            throw new InvalidOperationException($"{Payload}: the codecs read different values.");
    }

    /// <summary>Writes the payload with Flyte.MessagePack.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Write")]
    public int FlyteWrite()
    {
        _buffer.ResetWrittenCount();
        var writer = new FlyteWriter(_buffer);
        if (IsBatch) WriteBatch(ref writer, _batch);
        else WriteSummary(ref writer, _summary);
        return _buffer.WrittenCount;
    }

    /// <summary>Writes the payload with MessagePack-CSharp.</summary>
    [Benchmark, BenchmarkCategory("Write")]
    public int MessagePackCSharpWrite()
    {
        _buffer.ResetWrittenCount();
        var writer = new MpWriter(_buffer);
        if (IsBatch) WriteBatch(ref writer, _batch);
        else WriteSummary(ref writer, _summary);
        writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>Reads the payload with Flyte.MessagePack.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Read")]
    public object FlyteRead()
    {
        var reader = new FlyteReader(_bytes);
        return IsBatch ? ReadBatch(ref reader) : ReadSummary(ref reader);
    }

    /// <summary>Reads the payload with MessagePack-CSharp.</summary>
    [Benchmark, BenchmarkCategory("Read")]
    public object MessagePackCSharpRead()
    {
        var reader = new MpReader(_bytes);
        return IsBatch ? ReadBatch(ref reader) : ReadSummary(ref reader);
    }

    // --- Flyte.MessagePack ------------------------------------------------------------------------------------------

    private static void WriteBatch(ref FlyteWriter w, BatchRequest batch)
    {
        w.WriteMapHeader(2);
        w.WriteStringUtf8(RequestsKey);
        w.WriteArrayHeader(batch.Requests.Count);
        foreach (var request in batch.Requests)
        {
            w.WriteMapHeader(2);
            w.WriteStringUtf8(FeatureAKey);
            w.Write(request.FeatureA);
            w.WriteStringUtf8(FeatureBKey);
            w.Write(request.FeatureB);
        }

        w.WriteStringUtf8(BatchIdKey);
        w.WriteString(batch.BatchId);
    }

    private static void WriteSummary(ref FlyteWriter w, Summary summary)
    {
        w.WriteMapHeader(4);
        w.WriteStringUtf8(PredictionsKey);
        w.WriteArrayHeader(summary.Predictions.Length);
        foreach (var p in summary.Predictions) w.Write(p);
        w.WriteStringUtf8(AverageKey);
        w.Write(summary.Average);
        w.WriteStringUtf8(CountKey);
        w.Write(summary.Count);
        w.WriteStringUtf8(BatchIdKey);
        w.WriteString(summary.BatchId);
    }

    private static BatchRequest ReadBatch(ref FlyteReader r)
    {
        IReadOnlyList<InferenceRequest> requests = [];
        var batchId = "default";
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = r.ReadStringSpan();
            if (key.SequenceEqual(RequestsKey))
            {
                var list = new List<InferenceRequest>(r.ReadArrayHeader());
                for (var i = list.Capacity; i > 0; i--)
                {
                    double a = 0, b = 0;
                    for (var m = r.ReadMapHeader(); m > 0; m--)
                    {
                        var field = r.ReadStringSpan();
                        if (field.SequenceEqual(FeatureAKey)) a = r.ReadDouble();
                        else if (field.SequenceEqual(FeatureBKey)) b = r.ReadDouble();
                        else r.Skip();
                    }

                    list.Add(new InferenceRequest(a, b));
                }

                requests = list;
            }
            else if (key.SequenceEqual(BatchIdKey)) batchId = r.ReadString();
            else r.Skip();
        }

        return new BatchRequest(requests, batchId);
    }

    private static Summary ReadSummary(ref FlyteReader r)
    {
        var summary = new Summary([], 0, 0, "");
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = r.ReadStringSpan();
            if (key.SequenceEqual(PredictionsKey))
            {
                var predictions = new double[r.ReadArrayHeader()];
                for (var i = 0; i < predictions.Length; i++) predictions[i] = r.ReadDouble();
                summary = summary with { Predictions = predictions };
            }
            else if (key.SequenceEqual(AverageKey)) summary = summary with { Average = r.ReadDouble() };
            else if (key.SequenceEqual(CountKey)) summary = summary with { Count = r.ReadInt64() };
            else if (key.SequenceEqual(BatchIdKey)) summary = summary with { BatchId = r.ReadString() };
            else r.Skip();
        }

        return summary;
    }

    // --- MessagePack-CSharp: the same calls -------------------------------------------------------------------------

    private static void WriteBatch(ref MpWriter w, BatchRequest batch)
    {
        w.WriteMapHeader(2);
        w.WriteString(RequestsKey);
        w.WriteArrayHeader(batch.Requests.Count);
        foreach (var request in batch.Requests)
        {
            w.WriteMapHeader(2);
            w.WriteString(FeatureAKey);
            w.Write(request.FeatureA);
            w.WriteString(FeatureBKey);
            w.Write(request.FeatureB);
        }

        w.WriteString(BatchIdKey);
        w.Write(batch.BatchId);
    }

    private static void WriteSummary(ref MpWriter w, Summary summary)
    {
        w.WriteMapHeader(4);
        w.WriteString(PredictionsKey);
        w.WriteArrayHeader(summary.Predictions.Length);
        foreach (var p in summary.Predictions) w.Write(p);
        w.WriteString(AverageKey);
        w.Write(summary.Average);
        w.WriteString(CountKey);
        w.Write(summary.Count);
        w.WriteString(BatchIdKey);
        w.Write(summary.BatchId);
    }

    private static ReadOnlySpan<byte> Key(ref MpReader r) =>
        r.TryReadStringSpan(out var span) ? span : throw new InvalidOperationException("A key spans buffer segments.");

    private static BatchRequest ReadBatch(ref MpReader r)
    {
        IReadOnlyList<InferenceRequest> requests = [];
        var batchId = "default";
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = Key(ref r);
            if (key.SequenceEqual(RequestsKey))
            {
                var list = new List<InferenceRequest>(r.ReadArrayHeader());
                for (var i = list.Capacity; i > 0; i--)
                {
                    double a = 0, b = 0;
                    for (var m = r.ReadMapHeader(); m > 0; m--)
                    {
                        var field = Key(ref r);
                        if (field.SequenceEqual(FeatureAKey)) a = r.ReadDouble();
                        else if (field.SequenceEqual(FeatureBKey)) b = r.ReadDouble();
                        else r.Skip();
                    }

                    list.Add(new InferenceRequest(a, b));
                }

                requests = list;
            }
            else if (key.SequenceEqual(BatchIdKey)) batchId = r.ReadString()!;
            else r.Skip();
        }

        return new BatchRequest(requests, batchId);
    }

    private static Summary ReadSummary(ref MpReader r)
    {
        var summary = new Summary([], 0, 0, "");
        for (var n = r.ReadMapHeader(); n > 0; n--)
        {
            var key = Key(ref r);
            if (key.SequenceEqual(PredictionsKey))
            {
                var predictions = new double[r.ReadArrayHeader()];
                for (var i = 0; i < predictions.Length; i++) predictions[i] = r.ReadDouble();
                summary = summary with { Predictions = predictions };
            }
            else if (key.SequenceEqual(AverageKey)) summary = summary with { Average = r.ReadDouble() };
            else if (key.SequenceEqual(CountKey)) summary = summary with { Count = r.ReadInt64() };
            else if (key.SequenceEqual(BatchIdKey)) summary = summary with { BatchId = r.ReadString()! };
            else r.Skip();
        }

        return summary;
    }

    private static bool Same(object x, object y) => (x, y) switch
    {
        (BatchRequest a, BatchRequest b) => a.BatchId == b.BatchId && a.Requests.SequenceEqual(b.Requests),
        (Summary a, Summary b) => a.BatchId == b.BatchId && a.Count == b.Count && a.Average.Equals(b.Average) &&
                                  a.Predictions.AsSpan().SequenceEqual(b.Predictions),
        _ => false,
    };

    /// <summary>Seed 001's <c>PredictionSummary</c> model.</summary>
    private sealed record Summary(double[] Predictions, double Average, long Count, string BatchId)
    {
        public static Summary Sample(int count)
        {
            var predictions = Enumerable.Range(0, count).Select(i => 2.0 * (i * 0.5) + 3.0 * (i * 1.25 + 1) + 1.0).ToArray();
            return new Summary(predictions, predictions.Average(), count, "demo_batch_001");
        }
    }
}
