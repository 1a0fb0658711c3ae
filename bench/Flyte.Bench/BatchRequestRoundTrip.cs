using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Flyte.Proto;
using Flyte.Types;

namespace Flyte.Bench;

/// <summary>
/// Round trip of seed 001's <c>BatchRequest</c> with 1,000 requests. The baseline is plain System.Text.Json
/// serialize + deserialize of the same object; every Flyte path is reported as a ratio against it.
/// </summary>
[MemoryDiagnoser]
public class BatchRequestRoundTrip
{
    private BatchRequest _batch = null!;
    private TypeTransformer<BatchRequest> _transformer = null!;
    private TransformerContext _context = null!;

    /// <summary>Number of requests in the batch.</summary>
    [Params(1_000)]
    public int Requests { get; set; }

    /// <summary>Builds the batch once per parameter value.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _batch = BatchRequest.Sample(Requests);
        _transformer = TypeEngine.Default.Get<BatchRequest>();
        _context = new TransformerContext(TypeEngine.Default);
    }

    /// <summary>System.Text.Json serialize to UTF-8 and deserialize back.</summary>
    [Benchmark(Baseline = true)]
    public BatchRequest SystemTextJson()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(_batch);
        return JsonSerializer.Deserialize<BatchRequest>(bytes)!;
    }

    /// <summary>Flyte: value → msgpack literal → protobuf bytes → literal → value (what crosses a task boundary).</summary>
    [Benchmark]
    public BatchRequest FlyteLiteral()
    {
        var literal = _transformer.ToLiteralAsync(_batch, _context).Result;
        var bytes = literal.ToBytes();
        return _transformer.ToValueAsync(ProtoSerializer.LiteralFromBytes(bytes), _context).Result;
    }
}
