using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Types.Offloaded;
using Google.Protobuf;
using Pb = Flyteidl.Core;

namespace Flyte.Entrypoints;

/// <summary>
/// The arguments propeller renders into a task's container (<c>flyte execute --inputs {{.input}} …</c>). A value still
/// holding a placeholder (<c>{{.…}}</c>), an empty value and the literal <c>""</c> propeller uses for "no previous
/// checkpoint" all count as unset.
/// </summary>
/// <param name="Inputs">The URI of <c>inputs.pb</c> (<c>file://</c>, a plain path or <c>s3://</c>).</param>
/// <param name="OutputPrefix">Where <c>outputs.pb</c> or <c>error.pb</c> is written.</param>
/// <param name="RawOutputDataPrefix">Where offloaded values (files, directories, datasets) are uploaded.</param>
public sealed record EntrypointOptions(string Inputs, string OutputPrefix, string RawOutputDataPrefix)
{
    /// <summary>Where this attempt may write checkpoints; null when unset.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>The previous attempt's checkpoint folder; null when unset.</summary>
    public string? PrevCheckpoint { get; init; }

    /// <summary>The id the task runs under (the node id on a cluster). Default: <c>FLYTE_INTERNAL_EXECUTION_ID</c> or <c>local</c>.</summary>
    public string ExecutionId { get; init; } = Environment.GetEnvironmentVariable("FLYTE_INTERNAL_EXECUTION_ID") is { Length: > 0 } id ? id : "local";

    /// <summary>The attempt number from 1. Default: <c>FLYTE_ATTEMPT_NUMBER</c> (which counts from 0) plus one.</summary>
    public int Attempt { get; init; } =
        int.TryParse(Environment.GetEnvironmentVariable("FLYTE_ATTEMPT_NUMBER"), out var n) && n >= 0 ? n + 1 : 1;

    /// <summary>The value, or null when it is unset: null, empty, <c>""</c>, or an unrendered <c>{{.placeholder}}</c>.</summary>
    public static string? Unset(string? value) =>
        string.IsNullOrWhiteSpace(value) || value == "\"\"" || (value.Contains("{{", StringComparison.Ordinal) && value.Contains("}}", StringComparison.Ordinal))
            ? null
            : value;

    /// <summary>
    /// Flytekit's literal-offloading thresholds for the outputs (<c>_F_L_MIN_SIZE_MB</c>, <c>_F_L_MAX_SIZE_MB</c>, which
    /// propeller sets when its <c>literal-offloading-config</c> is enabled); null, the default without those variables, offloads nothing.
    /// </summary>
    public LiteralOffloading? Offloading { get; init; } = LiteralOffloading.FromEnvironment(Environment.GetEnvironmentVariable);


    /// <summary>
    /// These options with unset optional values turned into nulls and relative paths made absolute (against the working
    /// directory). An unset raw output prefix becomes <c>&lt;output-prefix&gt;/raw</c>, so offloaded values still land in
    /// the shared store. A required value that is unset is an error.
    /// </summary>
    /// <exception cref="ArgumentException">A required value is unset.</exception>
    public EntrypointOptions Normalized()
    {
        static string Required(string value, string name) =>
            Absolute(Unset(value) ?? throw new ArgumentException($"--{name} is required and was '{value}' (an unrendered placeholder or empty)."));
        var outputPrefix = Required(OutputPrefix, "output-prefix");
        return this with
        {
            Inputs = Required(Inputs, "inputs"),
            OutputPrefix = outputPrefix,
            RawOutputDataPrefix = Unset(RawOutputDataPrefix) is { } raw ? Absolute(raw) : BlobUri.Combine(outputPrefix, "raw"),
            CheckpointPath = Unset(CheckpointPath) is { } checkpoint ? Absolute(checkpoint) : null,
            PrevCheckpoint = Unset(PrevCheckpoint) is { } previous ? Absolute(previous) : null,
        };
    }

    /// <summary>A URI with a scheme or an absolute path as it is; a relative path made absolute against the working directory.</summary>
    public static string Absolute(string uriOrPath) =>
        BlobUri.SchemeOf(uriOrPath) is null ? Path.GetFullPath(uriOrPath) : uriOrPath;
}

/// <summary>Where a task attempt's offloaded data and checkpoints go; put in the task's <see cref="TransformerContext"/> services by the entrypoint.</summary>
/// <param name="Store">The blob store every URI of the attempt resolves through.</param>
/// <param name="RawOutputPrefix">Where offloaded values are uploaded; empty when the platform gave none.</param>
/// <param name="CheckpointPath">Where checkpoints are written; null when unset.</param>
/// <param name="PrevCheckpoint">The previous attempt's checkpoints; null when unset.</param>
public sealed record TaskStorage(IBlobStore Store, string RawOutputPrefix, string? CheckpointPath, string? PrevCheckpoint);

/// <summary>What an attempt left behind: outputs, or the error written to <c>error.pb</c>.</summary>
/// <param name="Outputs">The outputs written to <c>outputs.pb</c>; null when the attempt failed.</param>
/// <param name="Error">The error written to <c>error.pb</c>; null when the attempt succeeded.</param>
/// <param name="Children">The child actions (nested task calls) the attempt ran in place.</param>
public sealed record EntrypointResult(LiteralMap? Outputs, Pb.ContainerError? Error, IReadOnlyList<ChildAction> Children)
{
    /// <summary>Whether outputs were written.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// What runs inside a task's container: read <c>inputs.pb</c>, run the task, write <c>&lt;output-prefix&gt;/outputs.pb</c>
/// — or, on any failure, <c>&lt;output-prefix&gt;/error.pb</c> — and let the process exit 0 either way, because propeller
/// reads <c>error.pb</c> only after a successful exit.
/// </summary>
public static class Entrypoint
{
    /// <summary>The name of the outputs file under the output prefix.</summary>
    public const string OutputsFile = "outputs.pb";

    /// <summary>The name of the error file under the output prefix.</summary>
    public const string ErrorFile = "error.pb";

    /// <summary>
    /// The store the entrypoint uses by default: local files, and <c>s3://</c> configured on first use from the
    /// <c>storage:</c> section of flytectl's config at <paramref name="configPath"/> (the default file when null) and the
    /// <c>FLYTE_AWS_*</c>/<c>AWS_*</c> variables.
    /// </summary>
    public static BlobStoreRouter DefaultStore(string? configPath = null) =>
        BlobStoreRouter.Local.With(S3BlobStore.Scheme, new LazyStore(() => new S3BlobStore(S3Options.From(Flyte.Config.FlyteConfig.Load(configPath)))));

    /// <summary>The same store, with <c>s3://</c> configured on first use from the <c>storage:</c> section of <paramref name="config"/>.</summary>
    public static BlobStoreRouter DefaultStore(Flyte.Config.FlyteConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return BlobStoreRouter.Local.With(S3BlobStore.Scheme, new LazyStore(() => new S3BlobStore(S3Options.From(config))));
    }

    /// <summary>How long writing <c>error.pb</c> may take once the attempt has failed (the store may be what failed).</summary>
    public static readonly TimeSpan ErrorWriteTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The offload context of an attempt: offloaded outputs go under the (normalised) raw output prefix through
    /// <paramref name="store"/>, in flytekit's layout (<c>&lt;prefix&gt;/&lt;32 hex&gt;/&lt;file name&gt;</c>); inputs are read
    /// lazily from wherever their URIs point; downloads land in <paramref name="downloadRoot"/>, a pod-local folder.
    /// </summary>
    public static OffloadContext OffloadFor(EntrypointOptions options, IBlobStore store, string downloadRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        return new OffloadContext(store, options.Normalized().RawOutputDataPrefix) { DownloadRoot = downloadRoot, KeepLocalPaths = false };
    }

    /// <summary>
    /// Runs one attempt of <paramref name="task"/>. Never throws for a failure of the task or of storage: the failure is
    /// written to <c>error.pb</c>. Only when even that write fails (within <see cref="ErrorWriteTimeout"/>) does it throw
    /// <see cref="EntrypointWriteException"/>, and the process should exit non-zero.
    /// </summary>
    /// <param name="options">The rendered container arguments (normalised here: see <see cref="EntrypointOptions.Normalized"/>).</param>
    /// <param name="task">The task to run.</param>
    /// <param name="engine">The engine whose transformer context carries the attempt's <see cref="TaskStorage"/> and <see cref="OffloadContext"/>.</param>
    /// <param name="store">Resolves every URI; <see cref="DefaultStore(string?)"/> when null.</param>
    /// <param name="runChild">How nested task calls run; null runs them in place, as inside a container.</param>
    /// <param name="cancellationToken">Cancels the attempt; the cancellation is reported in <c>error.pb</c> like any failure.</param>
    /// <exception cref="ArgumentException">A required argument is unset.</exception>
    public static async Task<EntrypointResult> ExecuteAsync(EntrypointOptions options, TaskSpec task, TypeEngine engine,
        IBlobStore? store = null, TaskExecutionContext.ChildRunner? runChild = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(engine);
        options = options.Normalized();
        store ??= DefaultStore();
        var outputsUri = BlobUri.Combine(options.OutputPrefix, OutputsFile);
        var errorUri = BlobUri.Combine(options.OutputPrefix, ErrorFile);
        // The pod's own scratch space: downloads of offloaded inputs, removed when the attempt ends.
        var scratch = Path.Combine(Path.GetTempPath(), "flyte-attempt-" + Guid.NewGuid().ToString("N")[..16]);
        var storage = new TaskStorage(store, options.RawOutputDataPrefix, options.CheckpointPath, options.PrevCheckpoint);
        var offload = OffloadFor(options, store, Path.Combine(scratch, "downloads"));
        var services = new TransformerContext(engine).With(storage).With(offload).Services;
        var context = new TaskExecutionContext(options.ExecutionId, options.Attempt, runChild) { Services = services };
        Pb.ContainerError error;
        try
        {
            LiteralMap inputs;
            try
            {
                inputs = ProtoSerializer.LiteralMapFromBytes(await store.GetBytesAsync(options.Inputs, cancellationToken).ConfigureAwait(false), engine.Options.MaxDepth);
                inputs = await LiteralOffloading.ResolveAsync(inputs, store, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new FlyteSystemException($"Could not read the inputs of task '{task.Name}' from {options.Inputs}: {e.Message}", e);
            }
            LiteralMap outputs;
            try
            {
                outputs = await context.RunAsync(task, inputs, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not FlyteSystemException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw new UserCodeException(e);
            }
            foreach (var output in task.Interface.Outputs)
                if (!outputs.Literals.ContainsKey(output.Name))
                    throw new FlyteSystemException($"Task '{task.Name}' returned no output '{output.Name}'.");
            if (options.Offloading is { } offloading)
            {
                try
                {
                    outputs = await offloading.OffloadAsync(outputs, task.Interface, options.OutputPrefix, store, cancellationToken).ConfigureAwait(false);
                }
                catch (LiteralTooLargeException e)
                {
                    throw new UserCodeException(e);
                }
            }
            await store.PutBytesAsync(outputsUri, outputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            return new EntrypointResult(outputs, null, context.Children);
        }
        catch (Exception e)
        {
            error = Classify(e);
            await Console.Error.WriteLineAsync($"Task '{task.Name}' failed ({error.Code}, {error.Kind}): {(e as UserCodeException)?.InnerException ?? e}")
                .ConfigureAwait(false);
        }
        finally
        {
            TryDeleteFolder(scratch);
        }
        await WriteErrorAsync(errorUri, error, store).ConfigureAwait(false);
        return new EntrypointResult(null, error, context.Children);
    }

    private static async Task WriteErrorAsync(string errorUri, Pb.ContainerError error, IBlobStore store)
    {
        using var bound = new CancellationTokenSource(ErrorWriteTimeout);
        try
        {
            await store.PutBytesAsync(errorUri, new Pb.ErrorDocument { Error = error }.ToByteArray(), bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new EntrypointWriteException($"Could not write {errorUri} ({e.Message}) after the attempt failed with {error.Code}: {error.Message}", e);
        }
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Scratch space of a finished attempt; the pod's file system goes with the pod anyway.
        }
    }

    /// <summary>
    /// Writes <paramref name="error"/> as <c>&lt;output-prefix&gt;/error.pb</c>: for failures before the task could even
    /// be found (a file that does not load, an unknown task name).
    /// </summary>
    public static async Task FailAsync(EntrypointOptions options, Pb.ContainerError error, IBlobStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(error);
        var prefix = EntrypointOptions.Unset(options.OutputPrefix)
            ?? throw new ArgumentException($"--output-prefix is required and was '{options.OutputPrefix}'.");
        await WriteErrorAsync(BlobUri.Combine(EntrypointOptions.Absolute(prefix), ErrorFile), error, store ?? DefaultStore()).ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>ContainerError</c> of a failure, classified and worded as flytekit does (<see cref="ContainerErrors"/>): an
    /// exception from user code is a USER error (<c>USER:RuntimeError</c> unless it declares a code), NON_RECOVERABLE
    /// unless it is a <see cref="FlyteRecoverableException"/>; a <see cref="FlyteSystemException"/> or a failure of the
    /// entrypoint itself (storage, inputs) is a <c>SYSTEM</c> error, RECOVERABLE. The message holds the trace.
    /// </summary>
    public static Pb.ContainerError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // A store that fails (unreachable, timed out) while the task reads or writes offloaded data is an outage, not a bug.
        if (exception is UserCodeException { InnerException: { } inner } && StoreOutage(inner) is { } outage)
            exception = outage;
        return exception is UserCodeException { InnerException: { } user } ? ContainerErrors.FromUser(user) : ContainerErrors.FromSystem(exception);
    }

    /// <summary>A <c>ContainerError</c> stamped now: a USER or SYSTEM error, RECOVERABLE or NON_RECOVERABLE.</summary>
    public static Pb.ContainerError Error(string code, string message, bool recoverable, bool user) => ContainerErrors.Create(code, message, recoverable, user);

    private static BlobStoreException? StoreOutage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is BlobStoreException store && e is not BlobNotFoundException) return store;
        return null;
    }

    /// <summary>Marks an exception thrown by the task (its body, middleware or input conversion) as opposed to by the entrypoint.</summary>
    private sealed class UserCodeException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>A store created on first use, so that a run without <c>s3://</c> URIs needs no S3 configuration.</summary>
    private sealed class LazyStore(Func<IBlobStore> create) : IBlobStore
    {
        private readonly Lazy<IBlobStore> _store = new(create);

        public Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default) => _store.Value.PutAsync(uri, content, cancellationToken);

        public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default) => _store.Value.GetAsync(uri, cancellationToken);

        public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) => _store.Value.ExistsAsync(uri, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => _store.Value.ListAsync(prefix, cancellationToken);

        public Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default) =>
            _store.Value.CopyAsync(source, destination, cancellationToken);
    }
}

/// <summary>The attempt failed and not even <c>error.pb</c> could be written (the store is unreachable): the process must exit non-zero.</summary>
public sealed class EntrypointWriteException(string message, Exception inner) : Exception(message, inner);
