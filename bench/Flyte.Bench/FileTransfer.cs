using BenchmarkDotNet.Attributes;
using Flyte.Storage;
using Flyte.Types;
using Flyte.Types.Offloaded;

namespace Flyte.Bench;

/// <summary>
/// Upload (a local FlyteFile leaving a task) and download (a received FlyteFile read for the first time) of one 32 MiB
/// file, on the local store and — when <c>FLYTE_BENCH_S3_ENDPOINT</c> names a moto/minio endpoint — on S3, against a
/// plain <see cref="File.Copy(string,string,bool)"/> of the same file.
/// </summary>
public class FileTransfer
{
    private const int Size = 32 * 1024 * 1024;
    private string _root = "";
    private string _source = "";
    private TransformerContext _context = null!;
    private Literal _uploaded = null!;
    private IDisposable? _s3;

    /// <summary>Which store.</summary>
    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "local";

    /// <summary>local, plus s3 when an endpoint is given.</summary>
    public static IEnumerable<string> Stores =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FLYTE_BENCH_S3_ENDPOINT")) ? ["local"] : ["local", "s3"];

    /// <summary>Writes the source file and uploads it once for the download benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _root = LocalBlobStore.CreateTempSandbox();
        _source = Path.Combine(_root, "source.bin");
        var content = new byte[Size];
        new Random(1).NextBytes(content);
        File.WriteAllBytes(_source, content);
        IBlobStore store = BlobStoreRouter.Local;
        var raw = Path.Combine(_root, "raw");
        if (Store == "s3")
        {
            var options = new Flyte.Storage.S3Options
            {
                Endpoint = Environment.GetEnvironmentVariable("FLYTE_BENCH_S3_ENDPOINT"),
                Region = "us-east-1", AccessKey = "testing", SecretKey = "testing",
            };
            var bucket = "flyte-bench-" + Guid.NewGuid().ToString("N")[..12];
            using (var client = S3BlobStore.CreateClient(options)) client.PutBucketAsync(bucket).GetAwaiter().GetResult();
            var s3 = new S3BlobStore(options);
            _s3 = s3;
            store = BlobStoreRouter.Local.With(S3BlobStore.Scheme, s3);
            raw = $"s3://{bucket}/raw";
        }
        _context = new TransformerContext(TypeEngine.Default).With(new OffloadContext(store, RawOutputPrefix.NewUnique(raw)) { DownloadRoot = Path.Combine(_root, "downloads") });
        _uploaded = Upload();
    }

    /// <summary>Deletes the sandbox.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _s3?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The floor: copy the file on the local disk.</summary>
    [Benchmark(Baseline = true)]
    public void FileCopy() => File.Copy(_source, Path.Combine(_root, "copy.bin"), overwrite: true);

    /// <summary>A local FlyteFile leaving a task: uploaded under the raw output prefix.</summary>
    [Benchmark]
    public Literal Upload() => TypeEngine.Default.ToLiteralAsync(FlyteFile.FromLocalPath(_source), _context).AsTask().GetAwaiter().GetResult();

    /// <summary>A received FlyteFile read to its end for the first time (downloaded first when remote; read in place when local).</summary>
    [Benchmark]
    public long Download()
    {
        var file = TypeEngine.Default.ToValueAsync<FlyteFile>(_uploaded, _context).AsTask().GetAwaiter().GetResult();
        long length;
        using (var stream = file.OpenReadAsync().GetAwaiter().GetResult())
        {
            stream.CopyTo(Stream.Null);
            length = stream.Length;
        }
        if (file.IsRemote) File.Delete(file.DownloadAsync().GetAwaiter().GetResult());
        return length;
    }
}
