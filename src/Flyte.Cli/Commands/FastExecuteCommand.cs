using System.CommandLine;
using Flyte.Entrypoints;
using Flyte.Remote;

namespace Flyte.Cli.Commands;

/// <summary>
/// <c>flyte fast-execute --additional-distribution &lt;uri&gt; --dest-dir &lt;dir&gt; -- flyte execute … -- &lt;file&gt; &lt;task&gt;</c>:
/// the container command of a fast-registered task (flytekit's <c>pyflyte-fast-execute</c>). Downloads the code bundle
/// through the entrypoint's store (<c>s3://</c> or a local path), unpacks it into the folder (safely and idempotently,
/// see <see cref="CodeBundleUnpacker"/>) and hands over to <c>execute</c> in this process, a relative file resolved
/// against the folder. A bundle that cannot be fetched or unpacked is an error.pb under the command's
/// <c>--output-prefix</c> (recoverable when fetching failed, not when the bundle is bad) and exit 0, as <c>execute</c> does.
/// </summary>
public static class FastExecuteCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var distribution = new Option<string>("--additional-distribution") { Description = "URI of the code bundle ({{ .remote_package_path }}).", Required = true };
        var destination = new Option<string?>("--dest-dir") { Description = "Where to unpack it ({{ .dest_dir }}); default: the working directory." };
        var handover = new Argument<string[]>("command") { Description = "The execute command to hand over to, after '--'.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("fast-execute", "Fetch a fast-registered task's code bundle, then run the task from it (the entrypoint of --fast tasks).")
        {
            distribution, destination, handover,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tokens = parse.GetValue(handover)!;
            var execute = Array.IndexOf(tokens, "execute");
            if (execute < 0)
                throw new UsageException($"fast-execute hands over to 'execute', but the command after '--' is: {string.Join(' ', tokens)}");
            var arguments = tokens[(execute + 1)..];
            var uri = parse.GetValue(distribution)!;
            var dest = Path.GetFullPath(parse.GetValue(destination) is { Length: > 0 } d ? d : ".");
            var archive = Path.Combine(Path.GetTempPath(), "flyte-fast-" + Guid.NewGuid().ToString("N") + ".tar.gz");
            try
            {
                try
                {
                    var store = Entrypoint.DefaultStore();
                    await using (var source = await store.GetAsync(uri, cancellationToken).ConfigureAwait(false))
                    await using (var file = File.Create(archive))
                        await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    return await Fail(arguments, "SYSTEM:CodeBundleDownloadFailed", $"Cannot download the code bundle {uri}: {e.Message}", recoverable: true)
                        .ConfigureAwait(false);
                }
                try
                {
                    var files = CodeBundleUnpacker.Unpack(archive, dest, uri);
                    await Console.Out.WriteLineAsync($"code bundle {uri}: {files} files unpacked into {dest}").ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    return await Fail(arguments, "SYSTEM:CodeBundleUnpackFailed", e.Message, recoverable: e is not InvalidDataException).ConfigureAwait(false);
                }
            }
            finally
            {
                File.Delete(archive);
            }
            return await Cli.InvokeAsync(new RootCommand { ExecuteCommand.Create() }, ["execute", .. InBundle(arguments, dest)]).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The execute arguments with the file (after their own <c>--</c>) resolved against <paramref name="dest"/> when relative.</summary>
    private static string[] InBundle(string[] arguments, string dest)
    {
        var resolved = arguments.ToArray();
        var separator = Array.LastIndexOf(resolved, "--");
        if (separator >= 0 && separator + 1 < resolved.Length && !Path.IsPathRooted(resolved[separator + 1]))
            resolved[separator + 1] = Path.GetFullPath(Path.Combine(dest, resolved[separator + 1]));
        return resolved;
    }

    /// <summary>error.pb under the execute arguments' <c>--output-prefix</c>; without one, the message and exit 1.</summary>
    private static async Task<int> Fail(string[] arguments, string code, string message, bool recoverable)
    {
        var prefix = Array.IndexOf(arguments, "--output-prefix") is var i and >= 0 && i + 1 < arguments.Length ? arguments[i + 1] : null;
        if (prefix is null || EntrypointOptions.Unset(prefix) is null)
        {
            await Console.Error.WriteLineAsync("error: " + message).ConfigureAwait(false);
            return ExitCodes.WorkflowFailed;
        }
        return await ExecuteCommand.Fail(new EntrypointOptions("", prefix, ""), code, message, recoverable).ConfigureAwait(false);
    }
}
