using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Flyte.Storage;
using Flyte.Types;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;

namespace Flyte.Bench;

/// <summary>A small plain class (not a record), as seed 002's People: it goes through the opaque-object fallback.</summary>
public sealed class SmallObject
{
    private readonly int _id;
    public string Name;
    public double Score;

    public SmallObject(int id, string name, double score)
    {
        _id = id;
        Name = name;
        Score = score;
    }

    public int Id => _id;
}

/// <summary>
/// 10⁶ small objects through the fallback with <c>[BatchSize(10_000)]</c> (100 batch files) on the local store, with 1 or 2
/// batches serialized/written (or read/deserialized) at once. Setup prints the bytes written so MB/s can be derived.
/// Baseline: System.Text.Json reading the same objects from one UTF-8 array (through their constructor), so a read's
/// speed is a ratio within the run.
/// </summary>
[MemoryDiagnoser]
public class FallbackBatches
{
    private SmallObject[] _items = null!;
    private ITypeTransformer _transformer = null!;
    private TransformerContext _context = null!;
    private Literal _written = null!;
    private byte[] _json = [];
    private string _root = "";
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };

    /// <summary>Objects in the list.</summary>
    [Params(1_000_000)]
    public int Count { get; set; }

    /// <summary>Batches in flight at once (1 vs 2 cores).</summary>
    [Params(1, 2)]
    public int Parallelism { get; set; }

    /// <summary>Builds the list and writes it once for the read benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _items = Enumerable.Range(0, Count).Select(i => new SmallObject(i, $"name-{i}", i * 0.5)).ToArray();
        _transformer = BatchedFallback.Wrap(typeof(SmallObject[]), 10_000);
        _root = LocalBlobStore.CreateTempSandbox();
        var engine = TypeEngine.Default.WithOptions(new TypeEngineOptions { Warn = _ => { } });
        _context = new TransformerContext(engine).With(new OffloadContext(BlobStoreRouter.Local, RawOutputPrefix.NewUnique(_root)) { MaxParallelism = Parallelism });
        _written = _transformer.ToLiteralAsync(_items, _context).AsTask().GetAwaiter().GetResult();
        var folder = BlobUri.ToLocalPath(((Blob)_written.Value).Uri);
        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"// FallbackBatches: {Count} objects → {Directory.EnumerateFiles(folder).Count()} files, {bytes} bytes");
        _json = JsonSerializer.SerializeToUtf8Bytes(_items, Json);
        var last = SystemTextJsonRead()[^1];
        if ((last.Id, last.Name, last.Score) != (_items[^1].Id, _items[^1].Name, _items[^1].Score))
            throw new InvalidOperationException("System.Text.Json did not read the objects back.");
    }

    /// <summary>Deletes the sandbox.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>System.Text.Json deserializing the same objects from UTF-8 in memory.</summary>
    [Benchmark(Baseline = true)]
    public SmallObject[] SystemTextJsonRead() => JsonSerializer.Deserialize<SmallObject[]>(_json, Json)!;

    /// <summary>Capture and write every batch.</summary>
    [Benchmark]
    public Literal Write() => _transformer.ToLiteralAsync(_items, _context).AsTask().GetAwaiter().GetResult();

    /// <summary>Read and rebuild every batch.</summary>
    [Benchmark]
    public object? Read() => _transformer.ToValueAsync(_written, _context).AsTask().GetAwaiter().GetResult();
}
