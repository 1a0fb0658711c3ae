using Flyte.Types.Offloaded;

namespace Flyte.Tests.Records;

/// <summary>A record holding a file, a directory and a dataset.</summary>
public sealed record OffloadedFields(FlyteFile Report, FlyteDirectory Folder, FlyteDataset Table);

/// <summary>The same kinds of fields, optional and in a list.</summary>
public sealed record OffloadedShapes(FlyteFile<FileFormats.Csv>? Extra, List<FlyteFile> Files);
