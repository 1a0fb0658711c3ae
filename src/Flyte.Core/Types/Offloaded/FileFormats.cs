namespace Flyte.Types.Offloaded;

/// <summary>
/// A file format named at the type level, for <see cref="FlyteFile{TFormat}"/>: the .NET spelling of flytekit's
/// <c>FlyteFile["csv"]</c>. Implement it on an empty class to declare a format of your own.
/// </summary>
public interface IFileFormat
{
    /// <summary>The format string written in <c>BlobType.format</c> (no leading dot), e.g. <c>csv</c>.</summary>
    static abstract string Name { get; }
}

/// <summary>Formats flytekit predefines aliases for (<c>CSVFile</c>, <c>JSONLFile</c>, …), plus a few common ones.</summary>
public static class FileFormats
{
    /// <summary><c>csv</c> (flytekit's <c>CSVFile</c>).</summary>
    public sealed class Csv : IFileFormat { /// <inheritdoc />
        public static string Name => "csv"; }

    /// <summary><c>jsonl_file</c> (flytekit's <c>JSONLFile</c>).</summary>
    public sealed class Jsonl : IFileFormat { /// <inheritdoc />
        public static string Name => "jsonl_file"; }

    /// <summary><c>parquet</c>.</summary>
    public sealed class Parquet : IFileFormat { /// <inheritdoc />
        public static string Name => "parquet"; }

    /// <summary><c>png</c> (flytekit's <c>PNGImageFile</c>).</summary>
    public sealed class Png : IFileFormat { /// <inheritdoc />
        public static string Name => "png"; }

    /// <summary><c>pdf</c> (flytekit's <c>PDFFile</c>).</summary>
    public sealed class Pdf : IFileFormat { /// <inheritdoc />
        public static string Name => "pdf"; }

    /// <summary>Whether a value of format <paramref name="found"/> fits a slot declared <paramref name="declared"/>:
    /// as in Flyte's compiler, an empty format on either side matches anything, otherwise case-insensitively equal.</summary>
    public static bool Fits(string declared, string found) =>
        declared.Length == 0 || found.Length == 0 || string.Equals(declared, found, StringComparison.OrdinalIgnoreCase);
}
