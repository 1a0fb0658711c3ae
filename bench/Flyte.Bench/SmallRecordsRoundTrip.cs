using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Flyte.Proto;
using Flyte.Types;

namespace Flyte.Bench;

/// <summary>
/// A list of 10⁶ small records (seed 001's <c>InferenceRequest</c>). Baseline: System.Text.Json serialize + deserialize.
/// <c>FlyteTypedList</c> is what flytekit does for <c>List[InferenceRequest]</c>: a literal collection of one msgpack
/// binary per element, through protobuf bytes. <c>FlyteRecordOfList</c> wraps the list in one record (one msgpack map).
/// </summary>
[MemoryDiagnoser]
public class SmallRecordsRoundTrip
{
    private List<InferenceRequest> _items = null!;
    private BatchRequest _wrapped = null!;
    private TypeTransformer<List<InferenceRequest>> _list = null!;
    private TypeTransformer<BatchRequest> _record = null!;
    private TransformerContext _context = null!;

    /// <summary>Number of records.</summary>
    [Params(1_000_000)]
    public int Count { get; set; }

    /// <summary>Builds the list once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _wrapped = BatchRequest.Sample(Count);
        _items = _wrapped.Requests.ToList();
        _list = TypeEngine.Default.Get<List<InferenceRequest>>();
        _record = TypeEngine.Default.Get<BatchRequest>();
        _context = new TransformerContext(TypeEngine.Default);
    }

    /// <summary>System.Text.Json serialize to UTF-8 and deserialize back.</summary>
    [Benchmark(Baseline = true)]
    public List<InferenceRequest> SystemTextJson() =>
        JsonSerializer.Deserialize<List<InferenceRequest>>(JsonSerializer.SerializeToUtf8Bytes(_items))!;

    /// <summary>Flyte's <c>List[InferenceRequest]</c>: a collection literal of msgpack binaries, via protobuf bytes.</summary>
    [Benchmark]
    public List<InferenceRequest> FlyteTypedList()
    {
        var bytes = _list.ToLiteralAsync(_items, _context).Result.ToBytes();
        return _list.ToValueAsync(ProtoSerializer.LiteralFromBytes(bytes), _context).Result;
    }

    /// <summary>The same records inside one record: a single msgpack binary, via protobuf bytes.</summary>
    [Benchmark]
    public BatchRequest FlyteRecordOfList()
    {
        var bytes = _record.ToLiteralAsync(_wrapped, _context).Result.ToBytes();
        return _record.ToValueAsync(ProtoSerializer.LiteralFromBytes(bytes), _context).Result;
    }
}
