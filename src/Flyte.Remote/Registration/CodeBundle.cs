using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Flyte.Remote;

/// <summary>
/// The code of a fast registration: files under one root folder, packed as flytekit's fast package is (a gzipped tar
/// named <c>fast&lt;digest&gt;.tar.gz</c>) and unpacked by <c>flyte fast-execute</c> in the pod. Deterministic: entries
/// in ordinal order of their '/'-separated paths, every mtime 1980-01-01 (as flytekit's), owner 0:0 without names,
/// mode 0644 (0755 for a file its owner may execute); the same files give the same bytes and the same digest.
/// </summary>
public sealed class CodeBundle
{
    /// <summary>The time every entry carries: 1980-01-01 UTC, flytekit's fixed mtime.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private CodeBundle(string root, IReadOnlyList<string> files)
    {
        Root = root;
        Files = files;
        Digest = ComputeDigest(root, files);
    }

    /// <summary>The folder the entries are relative to.</summary>
    public string Root { get; }

    /// <summary>The entries: paths relative to <see cref="Root"/>, '/'-separated, in ordinal order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The MD5 hex digest (as flytekit's) of every entry's path, mode and bytes: the bundle's identity.</summary>
    public string Digest { get; }

    /// <summary>The archive's name: <c>fast&lt;digest&gt;.tar.gz</c>, as flytekit names its fast packages.</summary>
    public string FileName => $"fast{Digest}.tar.gz";

    /// <summary>Every file under <paramref name="folder"/> (a built assembly's output folder), recursively; symbolic links are followed.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static CodeBundle OfFolder(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"The folder to bundle, {root}, does not exist.");
        return OfFiles(root, Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    /// <summary><paramref name="files"/> (each once), relative to <paramref name="root"/>, which holds them all.</summary>
    /// <exception cref="ArgumentException">A file is missing or outside <paramref name="root"/>.</exception>
    public static CodeBundle OfFiles(string root, IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var full = Path.GetFullPath(root);
        var relative = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Path.GetFullPath(file);
            var name = Path.GetRelativePath(full, path);
            if (!File.Exists(path))
                throw new ArgumentException($"The file to bundle, {path}, does not exist.", nameof(files));
            if (name == ".." || name.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(name))
                throw new ArgumentException($"The file to bundle, {path}, is outside the bundle's root {full}.", nameof(files));
            relative.Add(name.Replace(Path.DirectorySeparatorChar, '/'));
        }
        return new CodeBundle(full, relative.ToList());
    }

    /// <summary>Writes the gzipped tar to <paramref name="output"/> (left open).</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var name in Files)
        {
            using var content = File.OpenRead(Path.Combine(Root, name));
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
            {
                ModificationTime = EntryTime,
                Mode = ModeOf(Path.Combine(Root, name)),
                Uid = 0, Gid = 0, UserName = "", GroupName = "",
                DataStream = content,
            });
        }
    }

    /// <summary>The gzipped tar's bytes.</summary>
    public byte[] Pack()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    private static UnixFileMode ModeOf(string path)
    {
        const UnixFileMode regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return !OperatingSystem.IsWindows() && File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute) ? regular | executable : regular;
    }

    private static string ComputeDigest(string root, IReadOnlyList<string> files)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        Span<byte> length = stackalloc byte[8];
        foreach (var name in files)
        {
            var path = Path.Combine(root, name);
            md5.AppendData(Encoding.UTF8.GetBytes($"{name}\0{(int)ModeOf(path)}\0"));
            var bytes = File.ReadAllBytes(path);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
            md5.AppendData(length);
            md5.AppendData(bytes);
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
