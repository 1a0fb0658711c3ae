using System.Diagnostics;
using System.Globalization;
using Flyte.Proto;
using Flyte.Tasks;
using Pb = Flyteidl.Core;

namespace Flyte.Compile;

/// <summary>
/// A task that is any container image and command (<c>raw-container</c>): Flyte's copilot writes one file per input
/// under <see cref="InputPath"/> and reads one file per output from <see cref="OutputPath"/>; a file called
/// <c>_ERROR</c> there fails the task with its content as a user error.
/// </summary>
/// <param name="Name">The task name.</param>
/// <param name="Image">The image the command runs in.</param>
/// <param name="Command">The command (its first element is the program).</param>
/// <param name="Interface">Inputs and outputs; only primitive types (and single blobs) can cross copilot's files.</param>
public sealed record RawContainerTask(string Name, string Image, IReadOnlyList<string> Command, TypedInterface Interface)
{
    /// <summary>Arguments after the command; they may use <c>{{.inputs.var}}</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The folder inputs are written to inside the container. Default: <c>/var/inputs</c>.</summary>
    public string InputPath { get; init; } = "/var/inputs";

    /// <summary>The folder outputs are read from inside the container. Default: <c>/var/outputs</c>.</summary>
    public string OutputPath { get; init; } = "/var/outputs";

    /// <summary>The format of the all-inputs file copilot writes next to the per-variable files. Default: PROTO (<c>inputs.pb</c>).</summary>
    public Pb.DataLoadingConfig.Types.LiteralMapFormat Format { get; init; } = Pb.DataLoadingConfig.Types.LiteralMapFormat.Proto;

    /// <summary>Retries, timeout, resources and the rest.</summary>
    public TaskMetadata Metadata { get; init; } = TaskMetadata.Default;

    /// <summary>
    /// This task as a <see cref="TaskSpec"/>: interpreters run it as a local process with copilot's folder layout
    /// (there is no docker here), and <see cref="FlyteCompiler.CompileTask"/> compiles it back to a <c>raw-container</c>.
    /// </summary>
    public TaskSpec ToTaskSpec() => new TaskSpec(Name, Interface, RunLocallyAsync).WithMetadata(Metadata);

    /// <summary>The raw container a task spec was made from by <see cref="ToTaskSpec"/>, or null.</summary>
    public static RawContainerTask? From(TaskSpec task) => task?.Executor.Target as RawContainerTask;

    /// <summary>
    /// Runs the command as a local process, laid out as copilot would: inputs as files in a fresh input folder, outputs
    /// read from a fresh output folder. <see cref="InputPath"/> and <see cref="OutputPath"/> in the command and arguments
    /// are replaced by those folders, and <c>{{.inputs.var}}</c> by the input's text.
    /// </summary>
    /// <exception cref="RawContainerException">The command wrote <c>_ERROR</c> (a user error) or left out an output.</exception>
    /// <exception cref="FlyteRecoverableException">The process exited with a non-zero code (retryable, as on a cluster).</exception>
    public async Task<LiteralMap> RunLocallyAsync(LiteralMap inputs, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var root = Path.Combine(Path.GetTempPath(), "flyte-raw", Guid.NewGuid().ToString("N"));
        var (inDir, outDir) = (Path.Combine(root, "inputs"), Path.Combine(root, "outputs"));
        Directory.CreateDirectory(inDir);
        Directory.CreateDirectory(outDir);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, literal) in inputs.Literals)
        {
            var text = CopilotText(literal, name);
            texts[name] = text;
            await File.WriteAllTextAsync(Path.Combine(inDir, name), text, cancellationToken).ConfigureAwait(false);
        }
        await File.WriteAllBytesAsync(Path.Combine(inDir, "inputs.pb"), inputs.ToBytes(), cancellationToken).ConfigureAwait(false);

        string Render(string arg)
        {
            arg = arg.Replace(InputPath, inDir, StringComparison.Ordinal).Replace(OutputPath, outDir, StringComparison.Ordinal);
            foreach (var (name, text) in texts) arg = arg.Replace("{{.inputs." + name + "}}", text, StringComparison.OrdinalIgnoreCase);
            return arg;
        }
        var all = Command.Concat(Arguments).Select(Render).ToList();
        if (all.Count == 0) throw new RawContainerException($"Raw container '{Name}' has no command.");
        var start = new ProcessStartInfo(all[0]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in all.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in Metadata.Environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new FlyteSystemException($"Could not start '{all[0]}'.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(stderr, stdout).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new FlyteRecoverableException($"Raw container '{Name}' exited with code {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
        var errorFile = Path.Combine(outDir, "_ERROR");
        if (File.Exists(errorFile))
            throw new RawContainerException((await File.ReadAllTextAsync(errorFile, cancellationToken).ConfigureAwait(false)).Trim());

        var outputs = ValueMap<Literal>.Empty;
        foreach (var output in Interface.Outputs)
        {
            var file = Path.Combine(outDir, output.Name);
            if (!File.Exists(file)) throw new RawContainerException($"Raw container '{Name}' wrote no output '{output.Name}' ({OutputPath}/{output.Name}).");
            outputs = outputs.SetItem(output.Name, output.Type.Type is BlobType blob
                ? new Blob(new BlobMetadata(blob), new Uri(file).AbsoluteUri)
                : ParseCopilotText((await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim(), output.Type, output.Name));
        }
        Directory.Delete(inDir, recursive: true);
        return new LiteralMap(outputs);
    }

    /// <summary>An input as copilot writes it to its file: integers in decimal, floats shortest round-trip, bools <c>true</c>/<c>false</c>, datetimes RFC 3339.</summary>
    public static string CopilotText(Literal literal, string name) => literal?.Value switch
    {
        Primitive.Integer i => i.Value.ToString(CultureInfo.InvariantCulture),
        Primitive.FloatValue f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        Primitive.StringValue s => s.Value,
        Primitive.Boolean b => b.Value ? "true" : "false",
        Primitive.Datetime d => d.Value.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        Primitive.Duration d => GoDuration(d.Value),
        Void => "null",
        Blob b when b.Uri.StartsWith("file:", StringComparison.Ordinal) || Path.IsPathRooted(b.Uri) => b.Uri,
        _ => throw new RawContainerException($"Input '{name}' ({literal}) cannot be written to a raw container's input file."),
    };

    private static string GoDuration(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var text = value < TimeSpan.Zero ? "-" : "";
        value = value.Duration();
        if ((int)value.TotalHours > 0) text += ((long)value.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        if (value.Minutes > 0 || (int)value.TotalHours > 0) text += value.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        var seconds = value.Seconds + value.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond;
        return text + seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>An output read back from its file, parsed by its declared simple type.</summary>
    public static Literal ParseCopilotText(string text, LiteralType type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        try
        {
            return type.Type switch
            {
                TypeKind.Simple { Type: SimpleType.Integer } => new Primitive.Integer(long.Parse(text, CultureInfo.InvariantCulture)),
                TypeKind.Simple { Type: SimpleType.Float } => new Primitive.FloatValue(double.Parse(text, CultureInfo.InvariantCulture)),
                TypeKind.Simple { Type: SimpleType.String } => new Primitive.StringValue(text),
                TypeKind.Simple { Type: SimpleType.Boolean } => new Primitive.Boolean(bool.Parse(text)),
                TypeKind.Simple { Type: SimpleType.Datetime } => new Primitive.Datetime(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)),
                _ => throw new RawContainerException($"Output '{name}' has type {type}, which a raw container cannot write."),
            };
        }
        catch (FormatException e)
        {
            throw new RawContainerException($"Output '{name}' ('{text}') is not a {type}.", e);
        }
    }
}

/// <summary>A raw container failed as user code fails: it wrote <c>_ERROR</c>, or an output is missing or malformed.</summary>
public sealed class RawContainerException : Exception
{
    /// <summary>Creates the error.</summary>
    public RawContainerException(string message, Exception? inner = null) : base(message, inner) { }
}
