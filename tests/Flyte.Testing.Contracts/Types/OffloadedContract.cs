using System.Text;
using Flyte.Storage;
using Flyte.Types;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>
/// What files, directories, datasets and the opaque-object fallback promise on any store, written once: the local
/// sandbox and an in-memory "remote" store run it in Flyte.Core.Tests, S3 (moto) in Flyte.Remote.Tests.
/// Properties run over seeded random cases (this file also compiles where FsCheck is not referenced).
/// </summary>
public abstract class OffloadedContract : IDisposable
{
    protected readonly TempFolders Temp = new();
    protected readonly List<string> Warnings = [];

    /// <summary>The store under test (a router that also resolves local paths, for stores that hold remote URIs).</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>The root under which raw output prefixes are made.</summary>
    protected abstract string Root { get; }

    /// <summary>Whether objects written to <see cref="Root"/> are remote (not local paths) and so must be downloaded to be read.</summary>
    protected abstract bool RemoteStore { get; }

    protected TypeEngine Engine => BuiltIns.AddTo(TypeEngine.Empty).WithOptions(new TypeEngineOptions { Warn = m => { lock (Warnings) Warnings.Add(m); } });

    protected (TransformerContext Context, CountingBlobStore Counter, OffloadContext Offload) NewContext(IBlobStore? store = null)
    {
        var counter = new CountingBlobStore(store ?? Store);
        var offload = new OffloadContext(counter, RawOutputPrefix.NewUnique(Root)) { DownloadRoot = Temp.New() };
        return (new TransformerContext(Engine).With(offload), counter, offload);
    }

    protected static async Task<Literal> Out<T>(T value, TransformerContext context) => await context.Engine.ToLiteralAsync(value, context);

    protected static async Task<T> In<T>(Literal literal, TransformerContext context) => await context.Engine.ToValueAsync<T>(literal, context);

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    // ── FlyteFile ──

    [Fact]
    public async Task Files_round_trip_with_their_format_under_the_raw_output_prefix()
    {
        var random = new Random(1);
        string[] formats = ["", "csv", "txt"];
        for (var i = 0; i < 12; i++)
        {
            var content = new byte[random.Next(0, 5000)];
            random.NextBytes(content);
            var format = formats[i % formats.Length];
            var (context, _, offload) = NewContext();
            var literal = await Out(FlyteFile.FromLocalPath(Temp.NewFile($"f{i}.bin", content), format), context);

            var blob = Assert.IsType<Blob>(literal.Value);
            Assert.Equal(new BlobType(format, BlobDimensionality.Single), blob.Metadata.Type);
            Assert.StartsWith(offload.RawOutputPrefix + "/", blob.Uri);
            Assert.EndsWith($"/f{i}.bin", blob.Uri);

            var back = await In<FlyteFile>(literal, NewContext().Context);
            Assert.Equal(format, back.Format);
            Assert.Equal(content, await back.ReadAllBytesAsync());
        }
    }

    [Fact]
    public async Task A_received_file_is_downloaded_on_first_read_only_and_once()
    {
        var (writer, _, _) = NewContext();
        var literal = await Out(FlyteFile.FromLocalPath(Temp.NewFile("hello.txt", "Hello world!"u8.ToArray())), writer);

        var (reader, counter, _) = NewContext();
        var file = await In<FlyteFile>(literal, reader);
        Assert.Equal(0, counter.Gets);
        Assert.Equal(RemoteStore, file.IsRemote);
        Assert.Equal(!RemoteStore, file.IsAvailableLocally);

        Assert.Equal("Hello world!", await file.ReadAllTextAsync());
        await using (var stream = await file.OpenReadAsync()) Assert.Equal((byte)'H', (byte)stream.ReadByte());
        var path = await file.DownloadAsync();
        Assert.Equal("Hello world!", await File.ReadAllTextAsync(path));
        Assert.Equal(RemoteStore ? 1 : 0, counter.Gets);
        Assert.True(file.IsAvailableLocally);
    }

    [Fact]
    public async Task A_received_file_is_handed_on_by_uri_without_a_copy()
    {
        var (writer, _, _) = NewContext();
        var literal = await Out(FlyteFile.FromLocalPath(Temp.NewFile("data.csv", "a,b\n1,2\n"u8.ToArray()), "csv"), writer);
        var (task, counter, _) = NewContext();
        var file = await In<FlyteFile<FileFormats.Csv>>(literal, task);
        var again = await Out(file, task);
        Assert.Equal(literal, again);
        Assert.Equal(0, counter.Puts + counter.Gets + counter.Copies);
    }

    [Fact]
    public async Task A_file_read_as_a_directory_or_in_the_wrong_format_is_refused()
    {
        var (context, _, _) = NewContext();
        var literal = await Out(FlyteFile.FromLocalPath(Temp.NewFile("x.csv", [1, 2, 3]), "csv"), context);
        var asDirectory = await Assert.ThrowsAsync<TypeTransformerException>(() => In<FlyteDirectory>(literal, context));
        Assert.Contains("is not a directory", asDirectory.Message);
        var multipart = literal with { Value = ((Blob)literal.Value) with { Metadata = new BlobMetadata(new BlobType("csv", BlobDimensionality.Multipart)) } };
        var asFile = await Assert.ThrowsAsync<TypeTransformerException>(() => In<FlyteFile>(multipart, context));
        Assert.Contains("is not a file", asFile.Message);
        var wrongFormat = await Assert.ThrowsAsync<TypeTransformerException>(() => In<FlyteFile<FileFormats.Parquet>>(literal, context));
        Assert.Contains("'parquet'", wrongFormat.Message);
    }

    [Fact]
    public async Task A_missing_local_file_is_refused_when_it_leaves_the_task()
    {
        var (context, _, _) = NewContext();
        var missing = Path.Combine(Temp.New(), "nope.txt");
        var error = await Assert.ThrowsAsync<TypeTransformerException>(() => Out(FlyteFile.FromLocalPath(missing), context));
        Assert.Contains("it's not a file", error.Message);
    }

    [Fact]
    public async Task A_missing_object_surfaces_on_open_as_BlobNotFound_naming_the_uri()
    {
        var (context, _, offload) = NewContext();
        var uri = BlobUri.Combine(offload.NewOutputFolder(), "gone.txt");
        var literal = new Literal(new Blob(new BlobMetadata(new BlobType("", BlobDimensionality.Single)), uri));
        if (!RemoteStore)
        {
            // A local path must exist when the file enters the task, as in flytekit.
            await Assert.ThrowsAsync<TypeTransformerException>(() => In<FlyteFile>(literal, context));
            return;
        }
        var file = await In<FlyteFile>(literal, context);
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => file.ReadAllTextAsync());
        Assert.Equal(uri, error.Uri);
    }

    // ── FlyteDirectory ──

    [Fact]
    public async Task Directories_round_trip_recursively_list_without_download_and_fetch_one_entry_or_all()
    {
        var random = new Random(2);
        for (var round = 0; round < 4; round++)
        {
            var folder = Temp.New();
            var expected = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            for (var i = 0; i < random.Next(1, 7); i++)
            {
                var name = (i % 3 == 0 ? "" : $"sub{i % 2}/") + $"file{i}.dat";
                var content = new byte[random.Next(0, 3000)];
                random.NextBytes(content);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
                await File.WriteAllBytesAsync(Path.Combine(folder, name), content);
                expected[name] = content;
            }
            var (writer, _, offload) = NewContext();
            var literal = await Out(FlyteDirectory.FromLocalPath(folder), writer);
            var blob = Assert.IsType<Blob>(literal.Value);
            Assert.Equal(new BlobType("", BlobDimensionality.Multipart), blob.Metadata.Type);
            Assert.StartsWith(offload.RawOutputPrefix + "/", blob.Uri);

            var (reader, counter, _) = NewContext();
            var directory = await In<FlyteDirectory>(literal, reader);
            Assert.Equal(expected.Keys, await directory.ListAsync());
            Assert.Equal(0, counter.Gets);

            var first = expected.Keys.First();
            Assert.Equal(expected[first], await File.ReadAllBytesAsync(await directory.DownloadEntryAsync(first)));
            Assert.Equal(RemoteStore ? 1 : 0, counter.Gets);

            var local = await directory.DownloadAsync();
            foreach (var (name, content) in expected)
                Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(local, name)));
            Assert.Equal(RemoteStore ? expected.Count : 0, counter.Gets);
        }
    }

    [Fact]
    public async Task A_store_that_goes_away_mid_write_fails_the_upload_with_the_uri()
    {
        var folder = Temp.New();
        for (var i = 0; i < 6; i++) await File.WriteAllBytesAsync(Path.Combine(folder, $"{i}.bin"), new byte[1000]);
        var (context, _, _) = NewContext(new VanishingBlobStore(Store, okPuts: 2));
        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Out(FlyteDirectory.FromLocalPath(folder), context));
        Assert.Contains("went away", error.Message);
        Assert.False(string.IsNullOrEmpty(error.Uri));

        var (fallback, _, _) = NewContext(new VanishingBlobStore(Store, okPuts: 0));
        await Assert.ThrowsAsync<BlobStoreException>(() => Out(new People("Foo"), fallback));
    }

    // ── FlyteDataset ──

    [Fact]
    public async Task Datasets_of_records_round_trip_as_csv_with_columns_and_are_read_only_on_demand()
    {
        var random = new Random(3);
        string[] names = ["Tom", "Joseph", "a,b", "say \"hi\"", "two\nlines", "", "ünï"];
        for (var round = 0; round < 6; round++)
        {
            var rows = Enumerable.Range(0, random.Next(0, 20)).Select(_ => new NameAge(names[random.Next(names.Length)], random.NextInt64(-1000, 1000))).ToList();
            var (writer, _, _) = NewContext();
            var literal = await Out(FlyteDataset<NameAge>.FromRows(rows, "csv"), writer);
            var sd = Assert.IsType<StructuredDataset>(literal.Value);
            Assert.Equal("csv", sd.Metadata!.StructuredDatasetType.Format);
            Assert.Equal(ValueList.Of(new DatasetColumn("Name", LiteralType.Of(SimpleType.String)), new DatasetColumn("Age", LiteralType.Of(SimpleType.Integer))),
                sd.Metadata.StructuredDatasetType.Columns);

            var (reader, counter, _) = NewContext();
            var dataset = await In<FlyteDataset<NameAge>>(literal, reader);
            Assert.Equal(0, counter.Gets);
            Assert.Equal(rows, await dataset.ReadAsync());
            Assert.Equal([CsvDatasetCodec<NameAge>.FileName], await dataset.Files.ListAsync());
        }
    }

    [Fact]
    public async Task Datasets_are_parquet_by_default_in_flytekits_layout_and_round_trip_every_column_type()
    {
        var random = new Random(11);
        string?[] texts = ["Tom", "a,b", "say \"hi\"", "two\nlines", "", "ünï", null];
        for (var round = 0; round < 4; round++)
        {
            var rows = Enumerable.Range(0, random.Next(0, 30)).Select(i => new AllColumns(
                texts[random.Next(texts.Length)], random.NextInt64(long.MinValue, long.MaxValue), random.Next(), random.NextDouble() * 1e6 - 5e5,
                random.Next(2) == 0, random.Next(3) == 0 ? null : random.NextInt64(-99, 99),
                new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 3650) / 10 * 10),
                new DateTimeOffset(2021, 6, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(random.Next()), DateOnly.FromDayNumber(random.Next(700_000, 800_000)),
                TimeSpan.FromTicks(random.NextInt64(-TimeSpan.TicksPerDay, TimeSpan.TicksPerDay)), (DayOfWeek)random.Next(7))).ToList();
            var (writer, _, _) = NewContext();
            var literal = await Out(FlyteDataset<AllColumns>.FromRows(rows), writer);
            var sd = Assert.IsType<StructuredDataset>(literal.Value);
            Assert.Equal("parquet", sd.Metadata!.StructuredDatasetType.Format);
            Assert.Equal(DatasetColumns.Of(typeof(AllColumns)), sd.Metadata.StructuredDatasetType.Columns);

            var (reader, counter, _) = NewContext();
            var dataset = await In<FlyteDataset<AllColumns>>(literal, reader);
            Assert.Equal(0, counter.Gets);
            Assert.Equal(rows, await dataset.ReadAsync());
            Assert.Equal([ParquetDatasetCodec<AllColumns>.FileName], await dataset.Files.ListAsync());
            // flytekit's column subsetting: a task declaring fewer columns reads only those.
            var subset = await In<FlyteDataset<NameAge>>(literal, reader);
            Assert.Equal(rows.Select(r => new NameAge(r.Name ?? "", r.Age)).ToList(), (await subset.ReadAsync()).Select(r => r with { Name = r.Name ?? "" }).ToList());
        }
    }

    [Fact]
    public async Task A_parquet_dataset_passes_through_as_a_handle_and_opens_as_raw_files()
    {
        var (writer, _, offload) = NewContext();
        var folder = offload.NewOutputFolder();
        await offload.Store.PutBytesAsync(BlobUri.Combine(folder, "00000"), "PAR1-not-really"u8.ToArray());
        var literal = new Literal(new StructuredDataset(folder, new StructuredDatasetMetadata(new StructuredDatasetType(ValueList<DatasetColumn>.Empty, "parquet"))));

        var (task, counter, _) = NewContext();
        var dataset = await In<FlyteDataset>(literal, task);
        Assert.Equal("parquet", dataset.Format);
        Assert.Equal(literal, await Out(dataset, task));
        Assert.Equal(0, counter.Puts + counter.Gets);
        var notParquet = await Assert.ThrowsAsync<TypeTransformerException>(() => dataset.ReadAsync<NameAge>());
        Assert.Contains("parquet", notParquet.Message);
        await using var raw = await dataset.Files.OpenReadAsync("00000");
        Assert.Equal("PAR1-not-really", await new StreamReader(raw).ReadToEndAsync());
    }

    [Fact]
    public async Task A_truncated_csv_is_reported_with_the_row()
    {
        var (context, _, offload) = NewContext();
        var literal = await Out(FlyteDataset<NameAge>.FromRows([new("Tom", 20), new("Joseph", 22)], "csv"), context);
        var uri = BlobUri.Combine(((StructuredDataset)literal.Value).Uri, CsvDatasetCodec<NameAge>.FileName);
        var bytes = await offload.Store.GetBytesAsync(uri);
        await offload.Store.PutBytesAsync(uri, bytes.AsMemory(0, bytes.Length - 5));
        var dataset = await In<FlyteDataset<NameAge>>(literal, context);
        var error = await Assert.ThrowsAsync<TypeTransformerException>(() => dataset.ReadAsync());
        Assert.Contains("truncated", error.Message);
        Assert.Equal("[1]", error.Path);
    }

    // ── seed 000: Result{schema, file, directory} through the record family ──

    private async Task<Result> UploadResult()
    {
        var tempDir = Temp.New();
        await File.WriteAllTextAsync(Path.Combine(tempDir, "schema.parquet"), "pretend parquet");
        var filePath = Temp.NewFile("hello", "Hello world!"u8.ToArray());
        return new Result(FlyteDataset<NameAge>.FromRows([new("Tom", 20), new("Joseph", 22)]), FlyteFile.FromLocalPath(filePath), FlyteDirectory.FromLocalPath(tempDir));
    }

    private static async Task DownloadResult(Result res)
    {
        Assert.Equal([new NameAge("Tom", 20), new NameAge("Joseph", 22)], await res.Schema.ReadAsync());
        Assert.Equal("Hello world!", await res.File.ReadAllTextAsync());
        Assert.Equal(["schema.parquet"], await res.Directory.ListAsync());
    }

    [Fact]
    public async Task Seed_000_upload_result_and_download_result_through_the_record_bridge()
    {
        var (writer, _, _) = NewContext();
        var literal = await Out(await UploadResult(), writer);
        var binary = Assert.IsType<Binary>(literal.Value);
        Assert.Equal("msgpack", binary.Tag);

        var (reader, counter, _) = NewContext();
        var result = await In<Result>(literal, reader);
        Assert.Equal(0, counter.Gets);
        Assert.True(result.File.IsRemote == RemoteStore);
        await DownloadResult(result);

        // Handed on unchanged: the same literal, nothing copied.
        var (next, nextCounter, _) = NewContext();
        Assert.Equal(literal, await Out(await In<Result>(literal, next), next));
        Assert.Equal(0, nextCounter.Puts);
    }

    // ── seeds 002 and 004: the opaque-object fallback ──

    [Fact]
    public async Task Seed_002_greet_and_welcome_send_People_as_an_opaque_blob()
    {
        static People Greet(string name) => new(name);
        var (context, _, _) = NewContext();
        var literal = await Out(Greet("Foo"), context);
        var blob = Assert.IsType<Blob>(literal.Value);
        Assert.Equal(new BlobType(ObjectGraphFormat.Name, BlobDimensionality.Single), blob.Metadata.Type);
        Assert.Equal(typeof(People).FullName, context.Engine.LiteralTypeOf<People>().Metadata!.Fields[ObjectGraphFormat.TypeNameKey] is StructValue.String s ? s.Value : null);
        Assert.Contains(Warnings, w => w.Contains(typeof(People).FullName!) && w.Contains("record"));

        var welcomed = await In<People>(literal, NewContext().Context);
        Assert.Equal("Foo", welcomed.Name);
    }

    [Fact]
    public async Task Seed_004_greet_all_with_BatchSize_2_writes_two_files_and_reads_them_back_in_order()
    {
        static People[] GreetAll(string[] names) => names.Select(n => new People(n)).ToArray();
        var returnAttributes = typeof(OffloadedContract).GetMethod(nameof(BatchedReturn), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.ReturnParameter;
        var (context, _, _) = NewContext();
        var transformer = context.Engine.GetFor(typeof(List<People>), returnAttributes);
        var literal = await transformer.ToLiteralAsync(GreetAll(["f", "o", "o"]).ToList(), context);
        var blob = Assert.IsType<Blob>(literal.Value);
        Assert.Equal(new BlobType(ObjectGraphFormat.Name, BlobDimensionality.Multipart), blob.Metadata.Type);
        Assert.Equal(2, (await Store.ListAllAsync(blob.Uri)).Count);

        var back = (List<People>)(await transformer.ToValueAsync(literal, NewContext().Context))!;
        Assert.Equal(["f", "o", "o"], back.Select(p => p.Name));
    }

    [return: BatchSize(2)]
    private static List<People> BatchedReturn() => [];

    [Fact]
    public async Task Batched_lists_round_trip_in_order_for_any_size()
    {
        var random = new Random(4);
        for (var round = 0; round < 8; round++)
        {
            var size = random.Next(1, 6);
            var items = Enumerable.Range(0, random.Next(0, 25)).Select(i => new People($"p{i}")).ToArray();
            var transformer = BatchedFallback.Wrap(typeof(People[]), size);
            var (context, _, _) = NewContext();
            var literal = await transformer.ToLiteralAsync(items, context);
            Assert.Equal((items.Length + size - 1) / size, (await Store.ListAllAsync(((Blob)literal.Value).Uri)).Count);
            var back = (People[])(await transformer.ToValueAsync(literal, NewContext().Context))!;
            Assert.Equal(items.Select(p => p.Name), back.Select(p => p.Name));
        }
    }

    [Fact]
    public async Task A_missing_or_truncated_fallback_object_is_a_clear_error()
    {
        var (context, _, offload) = NewContext();
        var literal = await Out(new People("Foo"), context);
        var uri = ((Blob)literal.Value).Uri;
        var bytes = await offload.Store.GetBytesAsync(uri);

        await offload.Store.PutBytesAsync(uri, bytes.AsMemory(0, bytes.Length - 2));
        var truncated = await Assert.ThrowsAsync<TypeTransformerException>(() => In<People>(literal, context));
        Assert.Contains(uri, truncated.Message);

        var missing = literal with { Value = ((Blob)literal.Value) with { Uri = uri + "-missing" } };
        var notFound = await Assert.ThrowsAsync<BlobNotFoundException>(() => In<People>(missing, context));
        Assert.Equal(uri + "-missing", notFound.Uri);
    }

    [Fact]
    public async Task Both_stores_write_the_same_literals_apart_from_the_uri()
    {
        var local = new OffloadContext(BlobStoreRouter.Local, RawOutputPrefix.NewUnique(Temp.New())) { DownloadRoot = Temp.New() };
        var localContext = new TransformerContext(Engine).With(local);
        var (context, _, _) = NewContext();
        var random = new Random(5);
        for (var i = 0; i < 5; i++)
        {
            var content = new byte[random.Next(1, 200)];
            random.NextBytes(content);
            var path = Temp.NewFile($"same{i}.txt", content);
            var rows = Enumerable.Range(0, i).Select(k => new NameAge($"n{k}", k)).ToList();
            var result = new Result(FlyteDataset<NameAge>.FromRows(rows), FlyteFile.FromLocalPath(path), FlyteDirectory.FromLocalPath(Path.GetDirectoryName(path)!));
            Assert.Equal(WithoutUris(await Out(result, localContext)), WithoutUris(await Out(result, context)));
            Assert.Equal(WithoutUris(await Out(new People($"p{i}"), localContext)), WithoutUris(await Out(new People($"p{i}"), context)));
        }
    }

    /// <summary>The literal with every URI blanked (in blobs, datasets, and the msgpack of records).</summary>
    protected static string WithoutUris(Literal literal) => literal.Value switch
    {
        Blob b => (b with { Uri = "" }).ToString(),
        StructuredDataset sd => (sd with { Uri = "" }).ToString(),
        Binary b => Show(Flyte.MessagePack.MessagePackValue.Decode(b.Value.Span)),
        _ => literal.ToString(),
    };

    private static string Show(Flyte.MessagePack.MessagePackValue value) => value switch
    {
        Flyte.MessagePack.MessagePackValue.StringValue s =>
            s.Value.StartsWith("s3://", StringComparison.Ordinal) || s.Value.StartsWith("mem://", StringComparison.Ordinal) || Path.IsPathFullyQualified(s.Value)
                ? "<uri>" : "\"" + s.Value + "\"",
        Flyte.MessagePack.MessagePackValue.MapValue m => "{" + string.Join(",", m.Entries.Select(e => Show(e.Key) + ":" + Show(e.Value))) + "}",
        Flyte.MessagePack.MessagePackValue.ArrayValue a => "[" + string.Join(",", a.Items.Select(Show)) + "]",
        _ => value.ToString(),
    };
}
