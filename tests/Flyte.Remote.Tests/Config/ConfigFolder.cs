namespace Flyte.Tests.Config;

/// <summary>A temporary folder for flytectl config files (deleted on dispose) and a fake environment to read them with.</summary>
public sealed class ConfigFolder : IDisposable
{
    /// <summary>The folder.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("flyte-config-").FullName;

    /// <summary>Writes <paramref name="yaml"/> to <c>config.yaml</c> in the folder and returns its path.</summary>
    public string Write(string yaml)
    {
        var path = System.IO.Path.Combine(Path, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>An environment holding only <paramref name="variables"/>.</summary>
    public static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
