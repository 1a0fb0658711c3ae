namespace Flyte.Compile;

/// <summary>
/// Fast registration of a task (flytekit's <c>FastSerializationSettings</c>): its container runs
/// <c>flyte fast-execute --additional-distribution &lt;bundle&gt; --dest-dir &lt;dir&gt; -- flyte execute …</c>, which
/// downloads the code bundle, unpacks it into the folder and runs the task from there, so one generic image runs
/// any code. The two values are either known when compiling (<c>flyte register --fast</c>: the uploaded bundle's URL)
/// or left as flytekit's templates, which the registering client fills in (<c>flytectl register files</c>, as for
/// <c>pyflyte package --fast</c>); propeller does not substitute them.
/// </summary>
/// <param name="Distribution">The bundle's URL (<c>s3://…/fast&lt;digest&gt;.tar.gz</c>), or <see cref="RemotePackagePath"/>.</param>
/// <param name="DestinationDir">The folder the pod unpacks into (<c>.</c>: the working directory), or <see cref="DestDir"/>.</param>
public sealed record FastExecution(string Distribution, string DestinationDir)
{
    /// <summary>The template flytectl replaces with the uploaded bundle's location.</summary>
    public const string RemotePackagePath = "{{ .remote_package_path }}";

    /// <summary>The template flytectl replaces with its destination directory (<c>.</c> by default).</summary>
    public const string DestDir = "{{ .dest_dir }}";

    /// <summary>Both templates, for a package that <c>flytectl register files</c> registers.</summary>
    public static FastExecution Templates { get; } = new(RemotePackagePath, DestDir);

    /// <summary>The arguments before the entrypoint's own: <c>fast-execute --additional-distribution … --dest-dir … --</c>.</summary>
    public IReadOnlyList<string> Prefix(IReadOnlyList<string> entrypointCommand) =>
        [.. entrypointCommand, "fast-execute", "--additional-distribution", Distribution, "--dest-dir", DestinationDir, "--"];
}
