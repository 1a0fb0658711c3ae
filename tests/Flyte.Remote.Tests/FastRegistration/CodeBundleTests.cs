using System.Formats.Tar;
using System.IO.Compression;
using Flyte.Compile;
using Flyte.Remote;
using Xunit;

namespace Flyte.Tests.FastRegistration;

/// <summary>The fast-registration bundle: deterministic packing, and unpacking that is idempotent and refuses to leave its folder.</summary>
public sealed class CodeBundleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name, params (string Path, string Text)[] files)
    {
        var root = Path.Combine(_dir, name);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }

    /// <summary>A gzipped tar written entry by entry, as a hostile or careless packer would.</summary>
    private string Archive(params TarEntry[] entries)
    {
        var path = Path.Combine(_dir, "archive-" + Guid.NewGuid().ToString("N")[..8] + ".tar.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            foreach (var entry in entries)
                tar.WriteEntry(entry);
        return path;
    }

    private static PaxTarEntry FileEntry(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };

    private static PaxTarEntry Link(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    [Fact]
    public void The_same_files_give_the_same_bytes_and_digest_whatever_their_times_and_a_change_gives_another_digest()
    {
        var a = Folder("a", ("b/two.txt", "2"), ("one.txt", "1"), ("b/a.txt", "0"));
        var first = CodeBundle.OfFolder(a);
        var bytes = first.Pack();
        foreach (var file in Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        var copy = Folder("copy", ("one.txt", "1"), ("b/a.txt", "0"), ("b/two.txt", "2"));

        Assert.Equal(["b/a.txt", "b/two.txt", "one.txt"], first.Files);
        Assert.Equal(bytes, CodeBundle.OfFolder(a).Pack());
        Assert.Equal(bytes, CodeBundle.OfFolder(copy).Pack());
        Assert.Equal(first.Digest, CodeBundle.OfFolder(copy).Digest);
        Assert.Matches("^fast[0-9a-f]{32}\\.tar\\.gz$", first.FileName);

        File.WriteAllText(Path.Combine(copy, "one.txt"), "changed");
        Assert.NotEqual(first.Digest, CodeBundle.OfFolder(copy).Digest);

        using var reader = new TarReader(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress));
        var entry = reader.GetNextEntry()!;
        Assert.Equal(("b/a.txt", CodeBundle.EntryTime, 0, 0), (entry.Name, entry.ModificationTime, entry.Uid, entry.Gid));
    }

    [Fact]
    public void Unpacking_twice_into_the_same_folder_gives_the_same_files()
    {
        var bundle = CodeBundle.OfFolder(Folder("src", ("lib/x.txt", "x"), ("main.fsx", "let a = 1")));
        var archive = Path.Combine(_dir, bundle.FileName);
        File.WriteAllBytes(archive, bundle.Pack());
        var dest = Path.Combine(_dir, "dest");

        Assert.Equal(2, CodeBundleUnpacker.Unpack(archive, dest, archive));
        File.WriteAllText(Path.Combine(dest, "main.fsx"), "stale");
        Assert.Equal(2, CodeBundleUnpacker.Unpack(archive, dest, archive));

        Assert.Equal("let a = 1", File.ReadAllText(Path.Combine(dest, "main.fsx")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(dest, "lib", "x.txt")));
        Assert.Equal(2, Directory.EnumerateFiles(dest, "*", SearchOption.AllDirectories).Count());
    }

    public static TheoryData<string, string> Escapes => new()
    {
        { "../evil.txt", "climbs out of the destination folder" },
        { "lib/../../evil.txt", "climbs out of the destination folder" },
        { "/tmp/evil.txt", "absolute path" },
        { "link->../outside", "symbolic link to '../outside'" },
        { "link->/etc", "symbolic link to '/etc'" },
        { "through", "written through its symbolic link" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void An_archive_with_an_entry_leaving_the_folder_is_refused_naming_it_and_nothing_is_written(string entry, string expected)
    {
        TarEntry hostile = entry switch
        {
            "through" => FileEntry("inner/escaped.txt", "x"),
            _ when entry.Contains("->") => Link(entry[..entry.IndexOf("->", StringComparison.Ordinal)], entry[(entry.IndexOf("->", StringComparison.Ordinal) + 2)..]),
            _ => FileEntry(entry, "evil"),
        };
        TarEntry[] entries = entry == "through"
            ? [FileEntry("ok.txt", "fine"), Link("inner", "sub"), hostile]
            : [FileEntry("ok.txt", "fine"), hostile];
        var archive = Archive(entries);
        var dest = Path.Combine(_dir, "dest");

        var error = Assert.Throws<InvalidDataException>(() => CodeBundleUnpacker.Unpack(archive, dest, "s3://bucket/fastabc.tar.gz"));

        Assert.Contains("s3://bucket/fastabc.tar.gz", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Contains("nothing was unpacked", error.Message);
        Assert.False(Directory.Exists(dest), "nothing may be written, not even the first, harmless entry");
        Assert.False(File.Exists(Path.Combine(_dir, "evil.txt")));
    }

    [Fact]
    public void A_symbolic_link_inside_the_folder_and_a_hard_link_are_told_apart()
    {
        var dest = Path.Combine(_dir, "dest");
        CodeBundleUnpacker.Unpack(Archive(FileEntry("sub/a.txt", "a"), Link("alias.txt", "sub/a.txt")), dest, "inside");
        Assert.Equal("a", File.ReadAllText(Path.Combine(dest, "alias.txt")));

        var hard = Archive(new PaxTarEntry(TarEntryType.HardLink, "h") { LinkName = "/etc/passwd" });
        var error = Assert.Throws<InvalidDataException>(() => CodeBundleUnpacker.Unpack(hard, Path.Combine(_dir, "other"), "hard"));
        Assert.Contains("'h'", error.Message);
        Assert.Contains("HardLink", error.Message);
    }

    [Fact]
    public void Not_a_gzipped_tar_is_a_clear_error()
    {
        var path = Path.Combine(_dir, "junk.tar.gz");
        File.WriteAllText(path, "not an archive");
        var error = Assert.Throws<InvalidDataException>(() => CodeBundleUnpacker.Unpack(path, Path.Combine(_dir, "d"), "s3://b/junk.tar.gz"));
        Assert.Contains("s3://b/junk.tar.gz is not a gzipped tar", error.Message);
    }

    [Fact]
    public void Fast_tasks_run_fast_execute_before_execute_with_flytekits_templates_or_the_given_values()
    {
        var task = Flyte.Tests.Workflows.Samples.AddOne.Spec;
        var templated = FlyteCompiler.CompileTask(task, CompileOptions.Default with { Fast = FastExecution.Templates, TaskFile = _ => "Flows.dll" });
        var given = FlyteCompiler.CompileTask(task, CompileOptions.Default with { Fast = new FastExecution("s3://b/fastx.tar.gz", "."), TaskFile = _ => "Flows.dll" });

        Assert.Equal(
            ["flyte", "fast-execute", "--additional-distribution", "{{ .remote_package_path }}", "--dest-dir", "{{ .dest_dir }}", "--", "flyte", "execute"],
            templated.Template.Container.Args.Take(9));
        Assert.Equal(["--", "Flows.dll", task.Name], templated.Template.Container.Args.TakeLast(3));
        Assert.Equal("s3://b/fastx.tar.gz", given.Template.Container.Args[3]);
        Assert.NotEqual(templated.Template.Id.Version, given.Template.Id.Version);
        Assert.Equal(CompileOptions.DefaultImage, given.Template.Container.Image);
    }
}
