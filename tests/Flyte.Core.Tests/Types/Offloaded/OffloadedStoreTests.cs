using Flyte.Storage;
using Flyte.Types;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>The contract on the local sandbox: uploads land in local folders, which are then read in place.</summary>
public sealed class OffloadedOnLocalStoreTests : OffloadedContract
{
    private readonly string _root;

    public OffloadedOnLocalStoreTests() => _root = Temp.New();

    protected override IBlobStore Store => BlobStoreRouter.Local;
    protected override string Root => _root;
    protected override bool RemoteStore => false;

    [Fact]
    public async Task With_KeepLocalPaths_local_files_and_directories_keep_their_paths_as_flytekit_does_locally()
    {
        var file = Temp.NewFile("keep.txt", "kept"u8.ToArray());
        var folder = Path.GetDirectoryName(file)!;
        var offload = new OffloadContext(new CountingBlobStore(Store), RawOutputPrefix.NewUnique(Root)) { KeepLocalPaths = true };
        var context = new TransformerContext(Engine).With(offload);
        Assert.Equal(file, ((Blob)(await Out(FlyteFile.FromLocalPath(file), context)).Value).Uri);
        Assert.Equal(folder, ((Blob)(await Out(FlyteDirectory.FromLocalPath(folder), context)).Value).Uri);
        Assert.Equal(0, ((CountingBlobStore)offload.Store).Puts);
        Assert.Equal("kept", await (await In<FlyteFile>(await Out(FlyteFile.FromLocalPath(file), context), context)).ReadAllTextAsync());
    }

    [Fact]
    public async Task Without_an_OffloadContext_values_use_the_process_wide_local_sandbox_as_flytekit_does_locally()
    {
        var context = new TransformerContext(Engine);
        var path = Temp.NewFile("a.txt", "local"u8.ToArray());
        var file = await Out(FlyteFile.FromLocalPath(path), context);
        Assert.Equal(path, ((Blob)file.Value).Uri);                       // kept at its path
        var people = await Out(new People("Foo"), context);
        Assert.StartsWith(OffloadContext.ProcessDefault.RawOutputPrefix + "/", ((Blob)people.Value).Uri);
        Assert.Equal("Foo", (await In<People>(people, context)).Name);
    }
}

/// <summary>The contract on an in-memory store with non-local URIs: everything received is remote, so laziness shows.</summary>
public sealed class OffloadedOnRemoteLikeStoreTests : OffloadedContract
{
    private readonly MemoryBlobStore _memory = new();

    protected override IBlobStore Store => BlobStoreRouter.Local.With("mem", _memory);
    protected override string Root => "mem://bucket/raw";
    protected override bool RemoteStore => true;

    [Fact]
    public async Task A_directory_entry_can_be_opened_as_a_lazy_file()
    {
        var folder = Temp.New();
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "A");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.txt"), "B");
        var (writer, _, _) = NewContext();
        var literal = await Out(FlyteDirectory.FromLocalPath(folder), writer);
        var (reader, counter, _) = NewContext();
        var directory = await In<FlyteDirectory>(literal, reader);
        var b = directory.GetFile("b.txt");
        Assert.Equal(0, counter.Gets);
        Assert.Equal("B", await b.ReadAllTextAsync());
        Assert.Equal(1, counter.Gets);
    }

    [Fact]
    public async Task Files_inside_records_arrive_as_msgpack_path_maps_and_read_back()
    {
        var (writer, _, _) = NewContext();
        var literal = await Out(FlyteFile.FromLocalPath(Temp.NewFile("m.txt", "via msgpack"u8.ToArray())), writer);
        var uri = ((Blob)literal.Value).Uri;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new Flyte.MessagePack.MessagePackWriter(buffer);
        w.WriteMapHeader(1);
        w.WriteString("path");
        w.WriteString(uri);
        var attributeAccess = new Literal(new Binary(Bytes.CopyFrom(buffer.WrittenSpan), Binary.MessagePackTag));
        var file = await In<FlyteFile>(attributeAccess, NewContext().Context);
        Assert.Equal(uri, file.Uri);
        Assert.Equal("via msgpack", await file.ReadAllTextAsync());
    }
}
