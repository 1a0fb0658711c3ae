using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> promises, written once. Each back end derives a class that supplies
/// the store and a fresh root per test (xunit builds one instance per test). Flyte.Remote.Tests compiles this file
/// too, to run the same suite against S3.
/// </summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    /// <summary>A folder-like prefix no other test uses.</summary>
    protected abstract string Root { get; }

    /// <summary>Big enough to take the store's slow path (S3: multipart upload).</summary>
    protected virtual int LargeSize => 3 * 1024 * 1024;

    /// <summary>Checks that a failed put left nothing behind that is not an object (temp files, pending uploads).</summary>
    protected abstract Task AssertNoLeftoversAsync();

    protected string At(params string[] segments) => BlobUri.Combine(Root, segments);

    /// <summary>The spelling a store's listing uses for <paramref name="uri"/> (file URIs come back escaped).</summary>
    protected virtual string Canonical(string uri) => uri;

    [Fact]
    public async Task A_put_object_reads_back_byte_for_byte_and_exists()
    {
        var uri = At("a", "inputs.pb");
        var content = TestContent.Pattern(10_000, seed: 1);

        await Store.PutBytesAsync(uri, content);

        Assert.True(await Store.ExistsAsync(uri));
        Assert.Equal(content, await Store.GetBytesAsync(uri));
    }

    [Fact]
    public async Task An_empty_object_is_still_an_object()
    {
        var uri = At("empty");
        await Store.PutBytesAsync(uri, ReadOnlyMemory<byte>.Empty);

        Assert.True(await Store.ExistsAsync(uri));
        Assert.Empty(await Store.GetBytesAsync(uri));
    }

    [Fact]
    public async Task A_missing_object_does_not_exist_and_reading_it_throws_BlobNotFoundException_naming_the_uri()
    {
        var uri = At("nowhere", "outputs.pb");

        Assert.False(await Store.ExistsAsync(uri));
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetBytesAsync(uri));
        Assert.Equal(uri, error.Uri);
        Assert.Contains(uri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Putting_again_replaces_the_whole_object()
    {
        var uri = At("x.bin");
        await Store.PutBytesAsync(uri, TestContent.Pattern(5000, seed: 1));
        var shorter = TestContent.Pattern(100, seed: 2);

        await Store.PutBytesAsync(uri, shorter);

        Assert.Equal(shorter, await Store.GetBytesAsync(uri));
    }

    [Fact]
    public async Task Listing_a_prefix_finds_nested_objects_recursively_in_order_and_nothing_beside_it()
    {
        string[] inside = [At("a", "1"), At("a", "b", "2"), At("a", "b", "c", "3"), At("a", "name with space.txt")];
        string[] beside = [At("ab", "4"), At("z")];
        foreach (var uri in inside.Concat(beside))
            await Store.PutBytesAsync(uri, TestContent.Pattern(10, seed: 3));

        var listed = await Store.ListAllAsync(At("a"));

        Assert.Equal(inside.Select(Canonical).Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed, await Store.ListAllAsync(At("a") + "/"));
        Assert.Equal(inside.Length + beside.Length, (await Store.ListAllAsync(Root)).Count);
        foreach (var uri in listed)
            Assert.True(await Store.ExistsAsync(uri), $"listed '{uri}' must address an object");
    }

    [Fact]
    public async Task Listing_a_prefix_without_objects_yields_nothing_and_a_prefix_is_not_an_object()
    {
        await Store.PutBytesAsync(At("dir", "file"), TestContent.Pattern(10, seed: 4));

        Assert.Empty(await Store.ListAllAsync(At("other")));
        Assert.False(await Store.ExistsAsync(At("dir")));
    }

    [Fact]
    public async Task While_a_put_is_in_flight_the_object_is_invisible_and_afterwards_it_is_whole()
    {
        var uri = At("slow", "outputs.pb");
        var content = TestContent.Pattern(200_000, seed: 5);
        var gated = new GatedStream(content, gateAt: content.Length / 2);

        var put = Store.PutAsync(uri, gated);
        Assert.True(await gated.ReachedGate.WaitAsync(TimeSpan.FromSeconds(30)), "the put never read up to the gate");

        Assert.False(await Store.ExistsAsync(uri));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.GetBytesAsync(uri));
        Assert.Empty(await Store.ListAllAsync(Root));

        gated.Open();
        await put.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(content, await Store.GetBytesAsync(uri));
    }

    [Fact]
    public async Task A_put_whose_stream_fails_midway_leaves_no_object()
    {
        var uri = At("broken", "outputs.pb");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(uri, new FailingStream(TestContent.Pattern(100_000, seed: 6), failAt: 40_000)));

        Assert.True(TestContent.IsSimulatedFailure(error), $"the stream's own failure should surface, got {error}");
        Assert.False(await Store.ExistsAsync(uri));
        Assert.Empty(await Store.ListAllAsync(Root));
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_large_put_whose_stream_fails_midway_leaves_no_object()
    {
        var uri = At("broken", "large.bin");
        var content = TestContent.Pattern(LargeSize, seed: 7);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(uri, new FailingStream(content, failAt: LargeSize - 1024 * 1024)));

        Assert.True(TestContent.IsSimulatedFailure(error), $"the stream's own failure should surface, got {error}");
        Assert.False(await Store.ExistsAsync(uri));
        Assert.Empty(await Store.ListAllAsync(Root));
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_failed_overwrite_keeps_the_previous_object_whole()
    {
        var uri = At("kept.bin");
        var original = TestContent.Pattern(30_000, seed: 8);
        await Store.PutBytesAsync(uri, original);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(uri, new FailingStream(TestContent.Pattern(60_000, seed: 9), failAt: 20_000)));

        Assert.Equal(original, await Store.GetBytesAsync(uri));
        Assert.Equal([Canonical(uri)], await Store.ListAllAsync(Root));
        await AssertNoLeftoversAsync();
    }

    [Fact]
    public async Task A_large_object_round_trips()
    {
        var uri = At("large.bin");
        var content = TestContent.Pattern(LargeSize, seed: 10);

        await Store.PutAsync(uri, new MemoryStream(content));

        Assert.Equal(content, await Store.GetBytesAsync(uri));
    }

    [Fact]
    public async Task Copy_duplicates_an_object_and_leaves_the_source()
    {
        var source = At("from", "data");
        var destination = At("to", "nested", "data");
        var content = TestContent.Pattern(1234, seed: 11);
        await Store.PutBytesAsync(source, content);

        await Store.CopyAsync(source, destination);

        Assert.Equal(content, await Store.GetBytesAsync(destination));
        Assert.Equal(content, await Store.GetBytesAsync(source));
    }

    [Fact]
    public async Task Copying_a_missing_object_throws_BlobNotFoundException_and_creates_nothing()
    {
        var source = At("missing");
        var destination = At("copy");

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.CopyAsync(source, destination));

        Assert.Equal(source, error.Uri);
        Assert.False(await Store.ExistsAsync(destination));
    }
}

/// <summary>Deterministic test bytes and recognisable failures.</summary>
public static class TestContent
{
    public const string SimulatedFailure = "simulated failure of the content stream";

    public static byte[] Pattern(int length, byte seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)((i * 31 + seed * 7 + i / 251) % 251);
        return bytes;
    }

    /// <summary>Whether <paramref name="error"/> is, or wraps, the failure <see cref="FailingStream"/> throws.</summary>
    public static bool IsSimulatedFailure(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            if (error.Message.Contains(SimulatedFailure, StringComparison.Ordinal))
                return true;
        return false;
    }
}

/// <summary>A read-only stream over fixed content, the base of the misbehaving streams below.</summary>
public class ContentStream(byte[] content) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var limit = await BeforeReadAsync(_position, cancellationToken);
        var count = (int)Math.Min(buffer.Length, Math.Min(content.Length, limit) - _position);
        if (count <= 0)
            return 0;
        content.AsMemory((int)_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    /// <summary>Called before every read at <paramref name="position"/>; returns how far this read may go.</summary>
    protected virtual ValueTask<long> BeforeReadAsync(long position, CancellationToken cancellationToken) => ValueTask.FromResult(long.MaxValue);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Yields its content up to <c>failAt</c>, then throws as a broken producer would.</summary>
public sealed class FailingStream(byte[] content, long failAt) : ContentStream(content)
{
    protected override ValueTask<long> BeforeReadAsync(long position, CancellationToken cancellationToken) =>
        position >= failAt ? throw new IOException(TestContent.SimulatedFailure) : ValueTask.FromResult(failAt);
}

/// <summary>Yields its content up to <c>gateAt</c>, signals <see cref="ReachedGate"/>, and waits for <see cref="Open"/>.</summary>
public sealed class GatedStream(byte[] content, long gateAt) : ContentStream(content)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SemaphoreSlim ReachedGate { get; } = new(0);

    public void Open() => _open.TrySetResult();

    protected override async ValueTask<long> BeforeReadAsync(long position, CancellationToken cancellationToken)
    {
        if (position < gateAt || _open.Task.IsCompleted)
            return _open.Task.IsCompleted ? long.MaxValue : gateAt;
        ReachedGate.Release();
        await _open.Task.WaitAsync(cancellationToken);
        return long.MaxValue;
    }
}
