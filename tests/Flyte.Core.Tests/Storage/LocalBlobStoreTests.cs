using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

/// <summary>A fresh sandbox folder per test, deleted afterwards.</summary>
public abstract class LocalSandbox : BlobStoreContract, IDisposable
{
    protected string Folder { get; } = LocalBlobStore.CreateTempSandbox();

    protected override IBlobStore Store { get; } = new LocalBlobStore();

    protected override Task AssertNoLeftoversAsync()
    {
        var everything = Directory.EnumerateFiles(Folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        Assert.DoesNotContain(everything, file => Path.GetFileName(file).StartsWith(LocalBlobStore.TempFilePrefix, StringComparison.Ordinal));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>The behaviour suite on the local store, addressed by plain absolute paths.</summary>
public sealed class LocalBlobStoreByPathTests : LocalSandbox
{
    protected override string Root => Folder;

    [Fact]
    public async Task A_reader_polling_while_a_writer_rewrites_a_large_object_only_ever_sees_whole_versions()
    {
        const int size = 2 * 1024 * 1024;
        const int versions = 12;
        var uri = At("hot", "outputs.pb");
        var writing = true;

        var writer = Task.Run(async () =>
        {
            try
            {
                for (var version = 1; version <= versions; version++)
                    await Store.PutAsync(uri, new MemoryStream(Uniform(size, (byte)version)));
            }
            finally
            {
                Volatile.Write(ref writing, false);
            }
        });
        var seen = new HashSet<byte>();
        while (Volatile.Read(ref writing))
        {
            byte[] read;
            try
            {
                read = await Store.GetBytesAsync(uri);
            }
            catch (BlobNotFoundException)
            {
                continue;
            }
            Assert.Equal(size, read.Length);
            Assert.True(read.AsSpan().IndexOfAnyExcept(read[0]) < 0, "a read mixed two versions or saw a partial write");
            seen.Add(read[0]);
        }
        await writer;

        Assert.Equal(Uniform(size, versions), await Store.GetBytesAsync(uri));
        Assert.All(seen, version => Assert.InRange(version, 1, versions));
    }

    [Fact]
    public async Task A_failed_put_deletes_its_temporary_file_and_leaves_the_folder_empty()
    {
        var uri = At("out", "x.pb");

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(uri, new FailingStream(TestContent.Pattern(300_000, seed: 1), failAt: 100_000)));

        var left = Directory.EnumerateFiles(Folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        Assert.Empty(left);
    }

    [Fact]
    public async Task Plain_paths_and_file_uris_address_the_same_object_and_lists_answer_in_the_form_asked()
    {
        var path = At("same", "name with space#1.txt");
        var uri = BlobUri.FromLocalPath(path);
        var content = TestContent.Pattern(50, seed: 2);

        await Store.PutBytesAsync(uri, content);

        Assert.Equal(content, await Store.GetBytesAsync(path));
        Assert.Equal([path], await Store.ListAllAsync(At("same")));
        Assert.Equal([uri], await Store.ListAllAsync(BlobUri.FromLocalPath(At("same"))));
    }

    [Fact]
    public async Task Hidden_files_are_objects_but_in_flight_temporary_files_are_not()
    {
        await Store.PutBytesAsync(At("d", ".hidden"), TestContent.Pattern(5, seed: 3));
        await File.WriteAllBytesAsync(Path.Combine(Folder, "d", LocalBlobStore.TempFilePrefix + "x.123"), [1, 2, 3]);

        Assert.Equal([At("d", ".hidden")], await Store.ListAllAsync(At("d")));
    }

    [Fact]
    public async Task A_relative_path_or_foreign_scheme_is_refused_before_touching_the_disk()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutBytesAsync("relative/x.pb", new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync("s3://bucket/x.pb"));
    }

    private static byte[] Uniform(int size, byte value)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, value);
        return bytes;
    }
}

/// <summary>The behaviour suite on the local store, addressed by <c>file://</c> URIs.</summary>
public sealed class LocalBlobStoreByFileUriTests : LocalSandbox
{
    protected override string Root => BlobUri.FromLocalPath(Folder);

    protected override string Canonical(string uri) => BlobUri.FromLocalPath(BlobUri.ToLocalPath(uri));
}

/// <summary>The behaviour suite through the router, which must be transparent.</summary>
public sealed class BlobStoreRouterOnLocalTests : LocalSandbox
{
    protected override IBlobStore Store { get; } = BlobStoreRouter.Local;

    protected override string Root => Folder;
}

public sealed class LocalBlobStoreDefaultsTests
{
    [Fact]
    public void The_default_root_lives_in_the_users_flyte_folder()
    {
        var home = Path.Combine(Path.GetTempPath(), "some-home");
        Assert.Equal(Path.Combine(home, ".flyte", "sandbox"), LocalBlobStore.DefaultRoot(home));
    }

    [Fact]
    public void Without_a_home_folder_the_default_root_is_a_temp_sandbox()
    {
        Assert.Equal(Path.Combine(Path.GetTempPath(), "flyte", "sandbox"), LocalBlobStore.DefaultRoot(""));
    }

    [Fact]
    public void Temp_sandboxes_are_fresh_empty_folders()
    {
        var a = LocalBlobStore.CreateTempSandbox();
        var b = LocalBlobStore.CreateTempSandbox();
        try
        {
            Assert.NotEqual(a, b);
            Assert.Empty(Directory.EnumerateFileSystemEntries(a));
        }
        finally
        {
            Directory.Delete(a);
            Directory.Delete(b);
        }
    }
}
