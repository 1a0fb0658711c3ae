using Flyte.Scripting;

namespace Flyte.Cli.Commands;

/// <summary>Loads a file's entities for a command and turns the loader's errors into usage errors (exit 2).</summary>
public static class EntityFile
{
    /// <summary>The entity <paramref name="name"/> of <paramref name="path"/>, and everything the file defines.</summary>
    /// <exception cref="UsageException">The file is missing, does not compile, or has no such entity.</exception>
    public static (LoadedEntities All, Entity Entity) Load(string path, string name)
    {
        var all = LoadAll(path);
        try
        {
            return (all, all.Find(name));
        }
        catch (EntityLoadException e)
        {
            throw new UsageException(e.Message, [.. e.Diagnostics]);
        }
    }

    /// <summary>Everything <paramref name="path"/> defines.</summary>
    /// <exception cref="UsageException">The file is missing or does not compile.</exception>
    public static LoadedEntities LoadAll(string path)
    {
        try
        {
            return EntityLoader.load(path);
        }
        catch (EntityLoadException e)
        {
            throw new UsageException(e.Message, [.. e.Diagnostics]);
        }
    }
}
