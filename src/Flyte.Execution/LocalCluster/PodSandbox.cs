namespace Flyte.LocalCluster;

/// <summary>
/// The private file system of one task process, as a pod has: a fresh folder holding its working directory, its
/// <c>TMPDIR</c> and its <c>HOME</c>, deleted when the attempt ends.
/// </summary>
public sealed class PodSandbox : IDisposable
{
    private PodSandbox(string root)
    {
        Root = root;
        Directory.CreateDirectory(WorkingDirectory);
        Directory.CreateDirectory(TempDirectory);
        Directory.CreateDirectory(HomeDirectory);
    }

    /// <summary>A fresh sandbox under the system temp folder.</summary>
    public static PodSandbox Create() => new(Directory.CreateTempSubdirectory("flyte-pod-").FullName);

    /// <summary>The sandbox folder.</summary>
    public string Root { get; }

    /// <summary>The process's working directory (where relative paths land).</summary>
    public string WorkingDirectory => Path.Combine(Root, "work");

    /// <summary>The process's temp folder.</summary>
    public string TempDirectory => Path.Combine(Root, "tmp");

    /// <summary>The process's home folder.</summary>
    public string HomeDirectory => Path.Combine(Root, "home");

    /// <summary>The variables that point the process at its sandbox (<c>TMPDIR</c>, <c>TMP</c>, <c>TEMP</c>, <c>HOME</c>, <c>USERPROFILE</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["TMPDIR"] = TempDirectory, ["TMP"] = TempDirectory, ["TEMP"] = TempDirectory,
        ["HOME"] = HomeDirectory, ["USERPROFILE"] = HomeDirectory,
    };

    /// <summary>Deletes the sandbox and everything the process left in it.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open by a dying child: the temp folder's own cleanup will get it.
        }
    }
}
