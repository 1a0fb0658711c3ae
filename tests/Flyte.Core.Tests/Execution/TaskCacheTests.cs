using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Workflows;
using Microsoft.Data.Sqlite;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>The local interpreter's SQLite cache and its key, beyond what every interpreter must do.</summary>
public sealed class TaskCacheTests
{
    private static string TempCachePath() => Path.Combine(Path.GetTempPath(), "flyte-cache-tests", Guid.NewGuid().ToString("N"), "cache.db");

    private static Literal Int(long value) => new(new Primitive.Integer(value));

    private static TaskSpec Spec(string name = "t", string version = "1", params string[] ignored) =>
        new TaskSpec(name, new TypedInterface(
                new([new Variable("a", LiteralType.Of(SimpleType.Integer)), new Variable("b", LiteralType.Of(SimpleType.Integer))]),
                new([new Variable("o0", LiteralType.Of(SimpleType.Integer))])),
            (inputs, _, _) => Task.FromResult(inputs))
            .WithMetadata(m => m with { Cache = CacheSettings.On(version, ignored) });

    [Fact]
    public void The_key_depends_on_name_version_interface_and_inputs_only()
    {
        var inputs = new LiteralMap(ValueMap<Literal>.Empty.SetItem("a", Int(1)).SetItem("b", Int(2)));
        var key = CacheKey.Of(Spec(), inputs);

        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, CacheKey.Of(Spec(), new LiteralMap(ValueMap<Literal>.Empty.SetItem("b", Int(2)).SetItem("a", Int(1)))));
        Assert.NotEqual(key, CacheKey.Of(Spec(name: "u"), inputs));
        Assert.NotEqual(key, CacheKey.Of(Spec(version: "2"), inputs));
        Assert.NotEqual(key, CacheKey.Of(Spec(), new LiteralMap(ValueMap<Literal>.Empty.SetItem("a", Int(1)).SetItem("b", Int(3)))));
        var otherInterface = new TaskSpec("t", new TypedInterface(Spec().Interface.Inputs, new([new Variable("o0", LiteralType.Of(SimpleType.String))])),
            (i, _, _) => Task.FromResult(i)).WithMetadata(m => m with { Cache = CacheSettings.On("1") });
        Assert.NotEqual(key, CacheKey.Of(otherInterface, inputs));
    }

    [Fact]
    public void Ignored_inputs_are_left_out_and_a_literal_hash_stands_for_its_value()
    {
        var ignoring = Spec(ignored: "b");
        Assert.Equal(
            CacheKey.Of(ignoring, new LiteralMap(ValueMap<Literal>.Empty.SetItem("a", Int(1)).SetItem("b", Int(2)))),
            CacheKey.Of(ignoring, new LiteralMap(ValueMap<Literal>.Empty.SetItem("a", Int(1)).SetItem("b", Int(99)))));

        LiteralMap Hashed(long value, string hash) => new(ValueMap<Literal>.Empty.SetItem("a", Int(value) with { Hash = hash }).SetItem("b", Int(2)));
        Assert.Equal(CacheKey.Of(Spec(), Hashed(1, "h1")), CacheKey.Of(Spec(), Hashed(500, "h1")));
        Assert.NotEqual(CacheKey.Of(Spec(), Hashed(1, "h1")), CacheKey.Of(Spec(), Hashed(1, "h2")));
    }

    [Fact]
    public void Maps_inside_literals_hash_the_same_whatever_order_their_keys_were_added_in()
    {
        var one = new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", Int(1)).SetItem("y", Int(2)));
        var other = new LiteralMap(ValueMap<Literal>.Empty.SetItem("y", Int(2)).SetItem("x", Int(1)));
        var struct1 = new Literal(new Generic(Struct.Of(("k", "v"), ("a", 1.0))));
        var struct2 = new Literal(new Generic(Struct.Of(("a", 1.0), ("k", "v"))));

        Assert.Equal(CacheKey.InputsHash(new LiteralMap(ValueMap<Literal>.Empty.SetItem("m", one)), []),
            CacheKey.InputsHash(new LiteralMap(ValueMap<Literal>.Empty.SetItem("m", other)), []));
        Assert.Equal(CacheKey.InputsHash(new LiteralMap(ValueMap<Literal>.Empty.SetItem("s", struct1)), []),
            CacheKey.InputsHash(new LiteralMap(ValueMap<Literal>.Empty.SetItem("s", struct2)), []));
    }

    [Fact]
    public async Task A_corrupted_entry_is_a_miss_the_task_runs_again_and_its_entry_is_repaired()
    {
        var runs = 0;
        var square = FlyteTask.Define("square", (long x) => { Interlocked.Increment(ref runs); return x * x; }, Engine).WithCache("1");
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(square, x)).Build();
        var path = TempCachePath();
        var interpreter = new LocalInterpreter(new InterpreterOptions { Engine = Engine, CachePath = path });
        await interpreter.RunAsync(wf, new { x = 5L });

        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            var corrupt = connection.CreateCommand();
            corrupt.CommandText = "UPDATE task_cache SET outputs = x'0aff17deadbeef'";
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }
        var afterCorruption = await interpreter.RunAsync(wf, new { x = 5L });
        var repaired = await interpreter.RunAsync(wf, new { x = 5L });

        Assert.Equal((NodeStatus.Succeeded, 25L), (afterCorruption.Node("n0").Status, await afterCorruption.OutputsAsync<long>(Engine)));
        Assert.Equal((NodeStatus.Cached, 25L), (repaired.Node("n0").Status, await repaired.OutputsAsync<long>(Engine)));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task The_cache_file_and_its_folder_are_made_where_the_options_say()
    {
        var path = TempCachePath();
        var echo = FlyteTask.Define("echo", (long x) => x, Engine).WithCache("1");
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(echo, x)).Build();

        await new LocalInterpreter(new InterpreterOptions { Engine = Engine, CachePath = path }).RunAsync(wf, new { x = 1L });

        Assert.True(File.Exists(path));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".flyte", "cache.db"), InterpreterOptions.Default.CachePath);
    }
}
