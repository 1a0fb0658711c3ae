using System.Formats.Tar;
using System.IO.Compression;

namespace Flyte.Remote;

/// <summary>
/// Unpacks a <see cref="CodeBundle"/> archive (or any gzipped tar) into a folder, as <c>flyte fast-execute</c> does in
/// the pod. Safe: the whole archive is checked before anything is written, and an entry that is absolute, names a
/// <c>..</c> segment, is a link whose target leaves the folder, a hard link or a device is refused, naming the entry.
/// Idempotent: a file already there is replaced (each one atomically, through a temporary file beside it), so running
/// twice over the same folder gives the same files; a file is never written through a symbolic link.
/// </summary>
public static class CodeBundleUnpacker
{
    /// <summary>Unpacks the gzipped tar at <paramref name="archive"/> into <paramref name="destination"/> (created when missing); the number of files written.</summary>
    /// <param name="archive">The archive file.</param>
    /// <param name="destination">The folder to unpack into.</param>
    /// <param name="source">Where the archive came from, for messages.</param>
    /// <exception cref="InvalidDataException">The archive is not a gzipped tar, or holds an entry that would land outside <paramref name="destination"/>; nothing was written.</exception>
    public static int Unpack(string archive, string destination, string source)
    {
        var root = Path.GetFullPath(destination);
        // First pass: every entry checked, nothing written.
        var links = new HashSet<string>(StringComparer.Ordinal);
        Read(archive, source, entry =>
        {
            Check(entry, root, source);
            var target = Target(entry.Name, root);
            for (var folder = Path.GetDirectoryName(target); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
                if (links.Contains(folder))
                    throw new InvalidDataException(
                        $"The code bundle {source} holds the entry '{entry.Name}', which would be written through its symbolic link {folder}; nothing was unpacked.");
            RefuseLinkedParents(target, root, entry.Name, source);
            if (entry.EntryType == TarEntryType.SymbolicLink)
                links.Add(target);
        });
        Directory.CreateDirectory(root);
        var written = 0;
        Read(archive, source, entry =>
        {
            var target = Target(entry.Name, root);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null)
                        File.Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                default:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    var temporary = target + ".flyte-" + Guid.NewGuid().ToString("N")[..8];
                    try
                    {
                        entry.ExtractToFile(temporary, overwrite: false);
                        if (!OperatingSystem.IsWindows())
                            File.SetUnixFileMode(temporary, entry.Mode & (UnixFileMode)0x1FF | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                        File.Move(temporary, target, overwrite: true);
                    }
                    finally
                    {
                        File.Delete(temporary);
                    }
                    written++;
                    break;
            }
        });
        return written;
    }

    private static void Read(string archive, string source, Action<TarEntry> each)
    {
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
                each(entry);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"The code bundle {source} is not a gzipped tar: {e.Message}", e);
        }
    }

    private static void Check(TarEntry entry, string root, string source)
    {
        var name = entry.Name;
        string? problem = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory => null,
            TarEntryType.SymbolicLink => LinkProblem(name, entry.LinkName, root),
            TarEntryType.ExtendedAttributes or TarEntryType.GlobalExtendedAttributes => null,
            _ => $"is a {entry.EntryType} entry (only files, folders and symbolic links inside the bundle are unpacked)",
        };
        problem ??= PathProblem(name);
        if (problem is not null)
            throw new InvalidDataException($"The code bundle {source} holds the entry '{name}', which {problem}; nothing was unpacked.");
    }

    private static string? PathProblem(string name)
    {
        if (name.Length == 0)
            return "has an empty path";
        if (name.StartsWith('/') || Path.IsPathRooted(name))
            return "is an absolute path (entries must be relative to the destination folder)";
        if (name.Contains('\\'))
            return "contains a backslash (entries must be '/'-separated)";
        if (name.Split('/').Any(segment => segment == ".."))
            return "climbs out of the destination folder with '..'";
        return null;
    }

    private static string? LinkProblem(string name, string target, string root)
    {
        if (target.Length == 0 || target.StartsWith('/') || Path.IsPathRooted(target))
            return $"is a symbolic link to '{target}', outside the destination folder";
        var entryFolder = Path.GetDirectoryName(Target(name, root))!;
        var resolved = Path.GetFullPath(Path.Combine(entryFolder, target));
        return Inside(resolved, root) ? null : $"is a symbolic link to '{target}', outside the destination folder";
    }

    private static string Target(string name, string root) => Path.GetFullPath(Path.Combine(root, name.TrimEnd('/')));

    private static bool Inside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Refuses to write <paramref name="target"/> through a symbolic link among its folders below <paramref name="root"/>.</summary>
    private static void RefuseLinkedParents(string target, string root, string name, string source)
    {
        if (!Inside(target, root))
            throw new InvalidDataException($"The code bundle {source} holds the entry '{name}', which lands outside the destination folder; nothing was unpacked.");
        for (var folder = Path.GetDirectoryName(target); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
            if (new DirectoryInfo(folder).LinkTarget is not null)
                throw new InvalidDataException(
                    $"The code bundle {source} holds the entry '{name}', which would be written through the symbolic link {folder}; nothing was unpacked.");
    }
}
