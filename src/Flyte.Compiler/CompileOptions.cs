namespace Flyte.Compile;

/// <summary>
/// Where and how compiled entities run: the project and domain they are registered in, the image their containers
/// use, and the file (a .dll or .fsx inside the image) the entrypoint loads tasks from. Immutable.
/// </summary>
public sealed record CompileOptions
{
    // Static initialisers run in text order: these two come before Default, whose properties read them.
    /// <summary>The version of this SDK (<c>major.minor.patch</c>), the tag of its base image.</summary>
    public static string SdkAssemblyVersion { get; } = typeof(CompileOptions).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    /// <summary>The base image of this SDK version (deploy/image/Dockerfile): <c>ghcr.io/flyte-dotnet/flyte:&lt;SDK version&gt;</c>.</summary>
    public static string DefaultImage { get; } = "ghcr.io/flyte-dotnet/flyte:" + SdkAssemblyVersion;

    /// <summary>The defaults of the <c>flytectl demo</c> sandbox: project <c>flytesnacks</c>, domain <c>development</c>.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>The Flyte project. Default: <c>flytesnacks</c>.</summary>
    public string Project { get; init; } = "flytesnacks";

    /// <summary>The Flyte domain. Default: <c>development</c>.</summary>
    public string Domain { get; init; } = "development";

    /// <summary>
    /// The version given to every entity; null (the default) gives each entity a content hash of what was compiled, so
    /// compiling the same code twice gives the same version and any change gives a new one.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>The container image tasks run in. Default: <see cref="DefaultImage"/>.</summary>
    public string Image { get; init; } = DefaultImage;

    /// <summary>The command that starts the entrypoint inside the image, before <c>execute</c>. Default: <c>flyte</c>.</summary>
    public IReadOnlyList<string> EntrypointCommand { get; init; } = ["flyte"];

    /// <summary>
    /// The .dll or .fsx (as a path inside the image) that holds a task, given the task's name: the entrypoint loads it
    /// and runs the task by name. Default: <c>/app/workflows.dll</c> for every task.
    /// </summary>
    public Func<string, string> TaskFile { get; init; } = _ => "/app/workflows.dll";

    /// <summary>
    /// Fast registration: tasks run <c>flyte fast-execute</c>, which fetches their code before <c>execute</c>; null (the
    /// default) for code that is in the image. <see cref="TaskFile"/> then names the file inside the bundle.
    /// </summary>
    public FastExecution? Fast { get; init; }

    /// <summary>The SDK version recorded in <c>TaskMetadata.runtime</c>.</summary>
    public string SdkVersion { get; init; } = SdkAssemblyVersion;
}
