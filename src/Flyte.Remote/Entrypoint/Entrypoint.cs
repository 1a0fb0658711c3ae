using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Types;
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

    /// <summary>These options with unset optional values turned into nulls; a required value that is unset is an error.</summary>
    public EntrypointOptions Normalized()
    {
        static string Required(string value, string name) =>
            Unset(value) ?? throw new ArgumentException($"--{name} is required and was '{value}' (an unrendered placeholder or empty).");
        return this with
        {
            Inputs = Required(Inputs, "inputs"),
            OutputPrefix = Required(OutputPrefix, "output-prefix"),
            RawOutputDataPrefix = Unset(RawOutputDataPrefix) ?? "",
            CheckpointPath = Unset(CheckpointPath),
            PrevCheckpoint = Unset(PrevCheckpoint),
        };
    }
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

    /// <summary>The store the entrypoint uses by default: local files, and <c>s3://</c> through <see cref="S3Options.FromEnvironment()"/>.</summary>
    public static BlobStoreRouter DefaultStore() =>
        BlobStoreRouter.Local.With(S3BlobStore.Scheme, new LazyStore(() => new S3BlobStore(S3Options.FromEnvironment())));

    /// <summary>
    /// Runs one attempt of <paramref name="task"/>. Never throws for a failure of the task or of storage: the failure is
    /// written to <c>error.pb</c> (when even that fails, the exception propagates, and the process should exit non-zero).
    /// </summary>
    /// <param name="options">The rendered container arguments.</param>
    /// <param name="task">The task to run.</param>
    /// <param name="engine">The engine whose transformer context carries the attempt's <see cref="TaskStorage"/>.</param>
    /// <param name="store">Resolves every URI; <see cref="DefaultStore"/> when null.</param>
    /// <param name="runChild">How nested task calls run; null runs them in place, as inside a container.</param>
    /// <param name="cancellationToken">Cancels the attempt; the cancellation is reported in <c>error.pb</c> like any failure.</param>
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
        var storage = new TaskStorage(store, options.RawOutputDataPrefix, options.CheckpointPath, options.PrevCheckpoint);
        var services = new TransformerContext(engine).With(storage).Services;
        var context = new TaskExecutionContext(options.ExecutionId, options.Attempt, runChild) { Services = services };
        Pb.ContainerError error;
        try
        {
            LiteralMap inputs;
            try
            {
                inputs = ProtoSerializer.LiteralMapFromBytes(await store.GetBytesAsync(options.Inputs, cancellationToken).ConfigureAwait(false));
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
            catch (Exception e) when (e is not FlyteSystemException)
            {
                throw new UserCodeException(e);
            }
            foreach (var output in task.Interface.Outputs)
                if (!outputs.Literals.ContainsKey(output.Name))
                    throw new FlyteSystemException($"Task '{task.Name}' returned no output '{output.Name}'.");
            await store.PutBytesAsync(outputsUri, outputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            return new EntrypointResult(outputs, null, context.Children);
        }
        catch (Exception e)
        {
            error = Classify(e);
            await Console.Error.WriteLineAsync($"Task '{task.Name}' failed ({error.Code}, {error.Kind}): {(e as UserCodeException)?.InnerException ?? e}")
                .ConfigureAwait(false);
        }
        var document = new Pb.ErrorDocument { Error = error };
        await store.PutBytesAsync(errorUri, document.ToByteArray(), CancellationToken.None).ConfigureAwait(false);
        return new EntrypointResult(null, error, context.Children);
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
        await (store ?? DefaultStore()).PutBytesAsync(BlobUri.Combine(prefix, ErrorFile), new Pb.ErrorDocument { Error = error }.ToByteArray())
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>ContainerError</c> of a failure, classified as flytekit does: an exception from user code is a USER error,
    /// NON_RECOVERABLE unless it is a <see cref="FlyteRecoverableException"/>; a <see cref="FlyteSystemException"/> or a
    /// failure of the entrypoint itself (storage, inputs) is a SYSTEM error, RECOVERABLE. The message is the exception's message.
    /// </summary>
    public static Pb.ContainerError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is UserCodeException { InnerException: { } user })
            return new Pb.ContainerError
            {
                Code = "USER:" + user.GetType().Name,
                Message = user.Message,
                Kind = user is FlyteRecoverableException ? Pb.ContainerError.Types.Kind.Recoverable : Pb.ContainerError.Types.Kind.NonRecoverable,
                Origin = Pb.ExecutionError.Types.ErrorKind.User,
                Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow),
            };
        return new Pb.ContainerError
        {
            Code = "SYSTEM:" + exception.GetType().Name,
            Message = exception.Message,
            Kind = Pb.ContainerError.Types.Kind.Recoverable,
            Origin = Pb.ExecutionError.Types.ErrorKind.System,
            Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow),
        };
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
