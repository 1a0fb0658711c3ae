using Flyte.Testing;
using Flyte.Types;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>
/// The nested-position law for the transformers that touch storage: a file, a directory, a dataset and an opaque object
/// as the one field of a record, written to a local sandbox store and read back (by content: the URIs change).
/// </summary>
public sealed class OffloadedNestedTests : IDisposable
{
    private readonly TempFolders _folders = new();
    private readonly TransformerContext _context;

    public OffloadedNestedTests() =>
        _context = new TransformerContext(TypeEngine.Default).With(OffloadContext.Local(_folders.New()));

    public void Dispose() => _folders.Dispose();

    private static string Text(FlyteFile file) => file.ReadAllTextAsync().GetAwaiter().GetResult();

    [Fact]
    public void A_file_nested_in_a_record_round_trips()
    {
        // Nested, a file is flytekit's {"path": uri}: the format comes from the declared type (FlyteFile<TFormat>), not the value.
        var file = FlyteFile.FromLocalPath(_folders.NewFile("report.txt", "seed 000"u8.ToArray()));
        TransformerLaws.CheckNested(_context, file, (a, b) => Text(a) == Text(b) && b.Uri != a.Uri);
    }

    [Fact]
    public void A_directory_nested_in_a_record_round_trips()
    {
        var folder = _folders.New();
        File.WriteAllText(Path.Combine(folder, "a.txt"), "first");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "second");
        static string Listing(FlyteDirectory d) => string.Join(";", d.ListAsync().GetAwaiter().GetResult().Order(StringComparer.Ordinal)
            .Select(name => name + "=" + Text(d.GetFile(name))));
        TransformerLaws.CheckNested(_context, FlyteDirectory.FromLocalPath(folder), (a, b) => Listing(a) == Listing(b));
    }

    [Fact]
    public void A_dataset_nested_in_a_record_round_trips()
    {
        var rows = new[] { new NameAge("Alice", 30), new NameAge("Bob", 41) };
        // The dataset made from rows is compared with the one read back from the store.
        TransformerLaws.CheckNested(_context, FlyteDataset<NameAge>.FromRows(rows), (_, b) => rows.SequenceEqual(b.ReadAsync().GetAwaiter().GetResult()));
    }

    [Fact]
    public void An_opaque_object_nested_in_a_record_round_trips()
    {
        TransformerLaws.CheckNested(_context, new People("Ada"), (a, b) => a.Name == b.Name);
    }

    [Fact]
    public void The_nested_law_fails_when_the_content_does_not_come_back()
    {
        var file = FlyteFile.FromLocalPath(_folders.NewFile("report.txt", "seed 000"u8.ToArray()));
        var error = Assert.ThrowsAny<Exception>(() => TransformerLaws.CheckNested(_context, file, (a, b) => Text(b) == "something else"));
        Assert.Contains("a value nested in a one-field record round-trips", error.Message);
    }
}
