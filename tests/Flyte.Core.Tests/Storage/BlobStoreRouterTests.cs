using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

public sealed class BlobStoreRouterTests : IDisposable
{
    private readonly string _folder = LocalBlobStore.CreateTempSandbox();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Each_call_goes_to_the_store_of_its_scheme()
    {
        var memory = new MemoryBlobStore();
        var router = BlobStoreRouter.Local.With("s3", memory);
        var local = Path.Combine(_folder, "a.pb");

        await router.PutBytesAsync("s3://bucket/a.pb", new byte[] { 1 });
        await router.PutBytesAsync(local, new byte[] { 2 });
        await router.PutBytesAsync(BlobUri.FromLocalPath(Path.Combine(_folder, "b.pb")), new byte[] { 3 });

        Assert.Equal(["s3://bucket/a.pb"], memory.Objects.Keys);
        Assert.Equal([1], await router.GetBytesAsync("S3://bucket/a.pb".Replace("S3", "s3", StringComparison.Ordinal)));
        Assert.Equal([2], await File.ReadAllBytesAsync(local));
        Assert.Same(memory, router.StoreFor("S3://bucket/x"));
        Assert.IsType<LocalBlobStore>(router.StoreFor(local));
        Assert.Equal(["file", "s3"], router.Schemes);
    }

    [Fact]
    public void An_unknown_scheme_is_refused_naming_it_and_a_relative_path_is_not_a_uri()
    {
        var error = Assert.Throws<NotSupportedException>(() => BlobStoreRouter.Local.StoreFor("gs://bucket/x"));
        Assert.Contains("'gs'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BlobStoreRouter.Local.StoreFor("relative/x"));
    }

    [Fact]
    public async Task Copying_across_stores_streams_the_object_and_within_a_store_uses_its_own_copy()
    {
        var memory = new MemoryBlobStore();
        var router = BlobStoreRouter.Local.With("mem", memory);
        var local = Path.Combine(_folder, "src.bin");
        await File.WriteAllBytesAsync(local, [9, 8, 7]);

        await router.CopyAsync(local, "mem://b/dst.bin");
        await router.CopyAsync("mem://b/dst.bin", "mem://b/again.bin");

        Assert.Equal([9, 8, 7], memory.Objects["mem://b/dst.bin"]);
        Assert.Equal([9, 8, 7], memory.Objects["mem://b/again.bin"]);
        Assert.Equal(1, memory.Copies);
    }

    [Fact]
    public void With_returns_a_new_router_and_leaves_the_original_alone()
    {
        var extended = BlobStoreRouter.Local.With("mem", new MemoryBlobStore());

        Assert.Equal(["file"], BlobStoreRouter.Local.Schemes);
        Assert.Equal(["file", "mem"], extended.Schemes);
    }

    /// <summary>An in-memory store that records what reached it.</summary>
    private sealed class MemoryBlobStore : IBlobStore
    {
        public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

        public int Copies { get; private set; }

        public async Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
        {
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            Objects[uri] = buffer.ToArray();
        }

        public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default) =>
            Objects.TryGetValue(uri, out var bytes) ? Task.FromResult<Stream>(new MemoryStream(bytes)) : throw new BlobNotFoundException(uri);

        public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) => Task.FromResult(Objects.ContainsKey(uri));

        public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var key in Objects.Keys.Where(k => k.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                yield return key;
        }

        public Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
        {
            Copies++;
            Objects[destination] = Objects.TryGetValue(source, out var bytes) ? bytes : throw new BlobNotFoundException(source);
            return Task.CompletedTask;
        }
    }
}
