using System.Reflection;
using Flyte.Tasks;
using Flyte.Tests.Types.Offloaded;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;
using Flyte.Workflows;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Pods;

/// <summary>
/// Tasks that hand offloaded values from pod to pod — seed 000's Result (dataset, file, directory), seed 002's People
/// (alone and in a list), seed 004's batched People, a file, a directory and a map of files — each consumed by a task that reads it back and
/// returns plain text, so a calm run, a chaotic one and the local interpreter can be compared value for value.
/// Public and static so that <c>flyte execute … -- Flyte.Remote.Tests.dll &lt;task&gt;</c> finds them.
/// </summary>
public static class PodSamples
{
    private static string PodTempFile(string name, string text)
    {
        // Written where the pod's own temp folder is: gone when the pod is.
        var path = Path.Combine(Path.GetTempPath(), "pod-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public static FlyteTask<Result> MakeResult { get; } = FlyteTask.Define("make_result", () =>
    {
        var folder = Path.GetDirectoryName(PodTempFile("schema.csv", "Name,Age\nTom,20\nJoseph,22\n"))!;
        return new Result(FlyteDataset<NameAge>.FromRows([new("Tom", 20), new("Joseph", 22)]),
            FlyteFile.FromLocalPath(PodTempFile("hello.txt", "Hello world!")), FlyteDirectory.FromLocalPath(folder));
    }, Engine);

    public static FlyteTask<Result, string> ReadResult { get; } = FlyteTask.Define("read_result", async (Result result) =>
    {
        var rows = await result.Schema.ReadAsync();
        var text = await result.File.ReadAllTextAsync();
        var names = await result.Directory.ListAsync();
        return $"rows={string.Join(",", rows.Select(r => $"{r.Name}:{r.Age}"))}; file={text}; directory={string.Join(",", names)}";
    }, Engine);

    public static FlyteTask<FlyteFile> WriteText { get; } = FlyteTask.Define("write_text", () => FlyteFile.FromLocalPath(PodTempFile("note.txt", "from another pod")), Engine);

    public static FlyteTask<FlyteFile, string> ReadText { get; } = FlyteTask.Define("read_text", (FlyteFile file) => file.ReadAllTextAsync(), Engine);

    public static FlyteTask<FlyteDirectory> WriteFolder { get; } = FlyteTask.Define("write_folder", () =>
    {
        var folder = Path.GetDirectoryName(PodTempFile("a.txt", "a"))!;
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "b.txt"), "b");
        return FlyteDirectory.FromLocalPath(folder);
    }, Engine);

    public static FlyteTask<FlyteDirectory, string> ReadFolder { get; } = FlyteTask.Define("read_folder", async (FlyteDirectory folder) =>
    {
        var local = await folder.DownloadAsync();
        var names = await folder.ListAsync();
        return string.Join(",", names.Select(n => $"{n}={File.ReadAllText(Path.Combine(local, n))}"));
    }, Engine);

    public static FlyteTask<Dictionary<string, FlyteFile>> WriteNotes { get; } = FlyteTask.Define("write_notes", () =>
        new Dictionary<string, FlyteFile> { ["a"] = FlyteFile.FromLocalPath(PodTempFile("a.txt", "first")), ["b"] = FlyteFile.FromLocalPath(PodTempFile("b.txt", "second")) },
        Engine);

    public static FlyteTask<Dictionary<string, FlyteFile>, string> ReadNotes { get; } = FlyteTask.Define("read_notes", async (Dictionary<string, FlyteFile> notes) =>
        string.Join(",", await Task.WhenAll(notes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(async n => $"{n.Key}={await n.Value.ReadAllTextAsync()}"))), Engine);

    public static FlyteTask<string, People> Greet { get; } = FlyteTask.Define("greet", (string name) => new People(name), Engine);

    public static FlyteTask<People, string> NameOf { get; } = FlyteTask.Define("name_of", (People people) => people.Name, Engine);

    public static FlyteTask<string[], List<People>> GreetEach { get; } =
        FlyteTask.Define("greet_each", (string[] names) => names.Select(n => new People(n)).ToList(), Engine);

    public static FlyteTask<List<People>, string> NamesOf { get; } =
        FlyteTask.Define("names_of", (List<People> people) => string.Join(",", people.Select(p => p.Name)), Engine);

    [return: BatchSize(2)]
    private static People[] Batched(string[] names) => names.Select(n => new People(n)).ToArray();

    private static string BatchedNames([BatchSize(2)] People[] people) => string.Join(",", people.Select(p => p.Name));

    private static MethodInfo Method(string name) => typeof(PodSamples).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    public static FlyteTask<string[], People[]> GreetAll { get; } = FlyteTask<string[], People[]>.Create("greet_all", Method(nameof(Batched)).GetParameters(),
        (args, _) => Task.FromResult<object?>(Batched((string[])args[0]!)), Engine, Method(nameof(Batched)).ReturnParameter);

    public static FlyteTask<People[], string> BatchedNamesOf { get; } = FlyteTask<People[], string>.Create("batched_names_of",
        Method(nameof(BatchedNames)).GetParameters(), (args, _) => Task.FromResult<object?>(BatchedNames((People[])args[0]!)), Engine);

    /// <summary>Throws on a thread nothing awaits: the runtime would end the process.</summary>
    public static FlyteTask<long, long> ThrowOnThread { get; } = FlyteTask.Define("throw_on_thread", (long x) =>
    {
        new Thread(() => throw new InvalidOperationException("thrown on a thread of the task's own")).Start();
        Thread.Sleep(TimeSpan.FromSeconds(30));
        return x;
    }, Engine);

    /// <summary>Counts the keys of an untyped dict (its input is where deep-nesting attacks land).</summary>
    public static FlyteTask<Dictionary<string, object?>, long> CountKeys { get; } = FlyteTask.Define("count_keys", (Dictionary<string, object?> x) => (long)x.Count, Engine);

    /// <summary>Every kind of offloaded value, each read back in a task of its own: the outputs are text only.</summary>
    public static WorkflowSpec Offloaded { get; } = FlyteWorkflow.Define("offloaded_wf", Engine)
        .Input<string[]>("names")
        .Input<string>("name")
        .Then((b, names, name) => (b.Call(MakeResult), b.Call(WriteText), b.Call(WriteFolder), b.Call(Greet, name), b.Call(GreetEach, names), b.Call(GreetAll, names),
            b.Call(WriteNotes)))
        .Then((b, x) => (b.Call(ReadResult, x.Item1), b.Call(ReadText, x.Item2), b.Call(ReadFolder, x.Item3), b.Call(NameOf, x.Item4),
            b.Call(NamesOf, x.Item5), b.Call(BatchedNamesOf, x.Item6), b.Call(ReadNotes, x.Item7)))
        .Build();

    /// <summary>The inputs of <see cref="Offloaded"/>.</summary>
    public static object OffloadedInputs => new { names = new[] { "f", "o", "o" }, name = "Foo" };

    /// <summary>A file written in one pod and read in the next.</summary>
    public static WorkflowSpec FileHandOff { get; } = FlyteWorkflow.Define("file_hand_off", Engine)
        .Then(b => b.Call(WriteText))
        .Then((b, file) => b.Call(ReadText, file))
        .Build();
}
