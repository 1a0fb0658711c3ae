using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Flyte.MessagePack;
using Flyte.Storage;
using Flyte.Types;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;
using Flyte.Tests.Types.Offloaded;
using Xunit;
using static Flyte.Testing.Properties;

namespace Flyte.Tests.Types.Fallback;

public abstract class Animal
{
    public string Name = "";
}

public sealed class Dog : Animal
{
    public int Barks;
}

public sealed class Cat : Animal
{
    private bool _grumpy;

    public bool Grumpy { get => _grumpy; set => _grumpy = value; }
}

/// <summary>A class with a private readonly number, a double and text: read by the typed field readers.</summary>
public sealed class Reading(int count)
{
    private readonly int _count = count;
    public double Ratio;
    public string? Label;

    public int Count => _count;
}

public struct Point
{
    public int X;
    public double Y;
}

/// <summary>A graph with private state, a struct, nullables, collections, polymorphic fields, shared references and cycles.</summary>
public sealed class Node
{
    private readonly string _label;
    private int? _weight;

    // Parameter names that match no property: not a record shape, so the engine falls back for it.
    public Node(string text, int? value)
    {
        _label = text;
        _weight = value;
    }

    public string Label => _label;
    public int? Weight => _weight;
    public Point Position;
    public Node? Next;
    public List<Node> Children = [];
    public Dictionary<string, int> Counts = [];
    public Animal? Pet;
    public object? Anything;
    public IReadOnlyList<string> Tags = [];
    public DateTime When;
    public decimal Money;
    public byte[]? Raw;
}

/// <summary>A class from outside the declared graph's allow-list, for the foreign-type test.</summary>
public sealed class Outsider
{
    public string Secret = "boom";
}

public sealed class ObjectGraphTests
{
    private static Node Build(string[] labels, int seed)
    {
        var random = new Random(seed);
        var nodes = labels.Select((l, i) => new Node(l ?? "", i % 3 == 0 ? null : i)
        {
            Position = new Point { X = i, Y = i / 2.0 },
            Counts = new Dictionary<string, int> { [$"k{i}"] = i },
            Pet = (i % 3) switch { 0 => null, 1 => new Dog { Name = $"d{i}", Barks = i }, _ => new Cat { Name = $"c{i}", Grumpy = i % 2 == 0 } },
            Anything = (i % 4) switch { 0 => null, 1 => i, 2 => $"s{i}", _ => new Dog { Name = "any" } },
            Tags = i % 2 == 0 ? [$"t{i}"] : new List<string> { "x", "y" },
            When = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(i),
            Money = 1.5m * i,
            Raw = i % 2 == 0 ? null : [(byte)i],
        }).ToList();
        var root = new Node("root", 7);
        root.Children.AddRange(nodes);
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i].Next = nodes[random.Next(nodes.Count)];                  // shared references and cycles
            if (i % 2 == 1) nodes[i].Children.Add(root);                      // cycles back to the root
        }
        return root;
    }

    private static void AssertSameGraph(Node expected, Node actual)
    {
        var seen = new Dictionary<Node, Node>(ReferenceEqualityComparer.Instance);
        void Walk(Node? e, Node? a)
        {
            if (e is null) { Assert.Null(a); return; }
            Assert.NotNull(a);
            if (seen.TryGetValue(e, out var mapped)) { Assert.Same(mapped, a); return; }
            seen[e] = a!;
            Assert.Equal(e.Label, a!.Label);
            Assert.Equal(e.Weight, a.Weight);
            Assert.Equal(e.Position, a.Position);
            Assert.Equal(e.Counts, a.Counts);
            Assert.Equal(e.Pet?.GetType(), a.Pet?.GetType());
            Assert.Equal(e.Pet?.Name, a.Pet?.Name);
            if (e.Pet is Dog d) Assert.Equal(d.Barks, ((Dog)a.Pet!).Barks);
            if (e.Pet is Cat c) Assert.Equal(c.Grumpy, ((Cat)a.Pet!).Grumpy);
            if (e.Anything is Dog) Assert.IsType<Dog>(a.Anything); else Assert.Equal(e.Anything, a.Anything);
            Assert.Equal(e.Tags, a.Tags);
            Assert.Equal(e.Tags.GetType(), a.Tags.GetType());
            Assert.Equal(e.When, a.When);
            Assert.Equal(e.When.Kind, a.When.Kind);
            Assert.Equal(e.Money, a.Money);
            Assert.Equal(e.Raw, a.Raw);
            Walk(e.Next, a.Next);
            Assert.Equal(e.Children.Count, a.Children.Count);
            for (var i = 0; i < e.Children.Count; i++) Walk(e.Children[i], a.Children[i]);
        }
        Walk(expected, actual);
    }

    [Fact]
    public void Graphs_with_private_state_cycles_shared_references_and_polymorphism_round_trip() =>
        check(Prop.ForAll((string[] labels, int seed) =>
        {
            var graph = Build(labels.Select(l => l ?? "").ToArray(), seed);
            var serializer = new ObjectGraphSerializer(typeof(Node));
            AssertSameGraph(graph, (Node)serializer.Deserialize(serializer.Serialize(graph))!);
        }));

    [Fact]
    public async Task Through_the_engine_the_graph_is_one_blob_with_the_type_name_in_the_metadata()
    {
        var warnings = new List<string>();
        var engine = TypeEngine.Default.WithOptions(new TypeEngineOptions { Warn = warnings.Add });
        using var temp = new TempFolders();
        var context = new TransformerContext(engine).With(OffloadContext.Local(temp.New()));
        var graph = Build(["a", "b", "c", "d"], 1);
        var literal = await engine.ToLiteralAsync(graph, context);
        Assert.Equal(ObjectGraphFormat.Name, ((Blob)literal.Value).Metadata.Type.Format);
        Assert.Equal(new StructValue.String(typeof(Node).FullName!), engine.LiteralTypeOf<Node>().Metadata!.Fields[ObjectGraphFormat.TypeNameKey]);
        AssertSameGraph(graph, await engine.ToValueAsync<Node>(literal, context));
        Assert.Single(warnings, w => w.Contains(typeof(Node).FullName!));
        _ = engine.Get<Node>();
        Assert.Single(warnings, w => w.Contains(typeof(Node).FullName!));   // once per type and engine
    }

    [Fact]
    public void Strict_mode_refuses_the_fallback_with_a_hint()
    {
        var engine = TypeEngine.Default.WithOptions(new TypeEngineOptions { StrictFallback = true, Warn = _ => Assert.Fail("no warning in strict mode") });
        var error = Assert.Throws<TypeTransformerException>(() => engine.Get<People>());
        Assert.Contains("StrictFallback", error.Message);
        Assert.Contains("record", error.Message);
    }

    /// <summary>Rewrites the tag of the <c>Pet</c> slot of a one-node graph, as a hostile or foreign producer could.</summary>
    private static byte[] WithPetTag(string tag)
    {
        var serializer = new ObjectGraphSerializer(typeof(Node));
        var bytes = serializer.Serialize(new Node("n", 1) { Pet = new Dog { Name = "d" } });
        var original = System.Text.Encoding.UTF8.GetBytes(typeof(Dog).FullName!);
        var at = bytes.AsSpan().IndexOf(original);
        Assert.True(at > 0);
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteString(tag);
        // Replace the str header + text of the Dog tag with the new string.
        var headerLength = original.Length < 32 ? 1 : 2;
        return [.. bytes.AsSpan(0, at - headerLength), .. buffer.WrittenSpan, .. bytes.AsSpan(at + original.Length)];
    }

    [Fact]
    public void A_payload_naming_a_type_outside_the_allow_list_is_refused_without_creating_it()
    {
        var serializer = new ObjectGraphSerializer(typeof(Node));
        // The rewriting itself is sound: the original tag still reads back as a Dog.
        Assert.IsType<Dog>(((Node)serializer.Deserialize(WithPetTag(typeof(Dog).FullName!))!).Pet);
        foreach (var foreign in new[] { typeof(Outsider).FullName!, "System.Diagnostics.Process", "System.IO.FileInfo" })
        {
            var error = Assert.Throws<TypeTransformerException>(() => serializer.Deserialize(WithPetTag(foreign)));
            Assert.Contains($"'{foreign}'", error.Message);
            Assert.Contains("allow-list", error.Message);
        }
    }

    [Fact]
    public void Writing_a_runtime_type_outside_the_allow_list_fails_with_the_type_names()
    {
        var serializer = new ObjectGraphSerializer(typeof(Node));
        var error = Assert.Throws<TypeTransformerException>(() => serializer.Serialize(new Node("n", 1) { Anything = new Uri("http://x") }));
        Assert.Contains("System.Uri", error.Message);
        Assert.Contains("allow-list", error.Message);
    }

    /// <summary>A payload of a <see cref="Point"/>-holding <see cref="Reading"/> with its fields written by hand.</summary>
    private static byte[] ReadingPayload(Action<IBufferWriter<byte>> writeCount)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(3);
        w.WriteString(ObjectGraphFormat.Magic);
        w.WriteString(typeof(Reading).FullName!);
        w.WriteArrayHeader(4);          // the type tag and three fields
        w.WriteString("");
        writeCount(buffer);
        w.Write(0.5);
        w.WriteString("label");
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Typed_field_readers_keep_the_values_and_turn_mismatches_into_typed_errors()
    {
        var serializer = new ObjectGraphSerializer(typeof(Reading));

        var read = (Reading)serializer.Deserialize(ReadingPayload(b => new MessagePackWriter(b).Write(7L)))!;
        var tooBig = Assert.Throws<TypeTransformerException>(() => serializer.Deserialize(ReadingPayload(b => new MessagePackWriter(b).Write((long)int.MaxValue + 1))));
        var text = Assert.Throws<TypeTransformerException>(() => serializer.Deserialize(ReadingPayload(b => new MessagePackWriter(b).WriteString("seven"))));

        Assert.Equal((7, 0.5, "label"), (read.Count, read.Ratio, read.Label));
        Assert.Contains(typeof(Reading).FullName!, tooBig.Message);
        Assert.IsType<OverflowException>(tooBig.InnerException);
        Assert.Contains(typeof(Reading).FullName!, text.Message);
    }

    [Fact]
    public void A_payload_written_for_another_type_or_cut_short_is_a_clear_error()
    {
        var people = new ObjectGraphSerializer(typeof(People)).Serialize(new People("Foo"));
        var asNode = Assert.Throws<TypeTransformerException>(() => new ObjectGraphSerializer(typeof(Node)).Deserialize(people));
        Assert.Contains("written for " + typeof(People).FullName, asNode.Message);
        for (var cut = 1; cut < people.Length; cut++)
            Assert.Throws<TypeTransformerException>(() => new ObjectGraphSerializer(typeof(People)).Deserialize(people.AsSpan(0, cut)));
    }

    [Fact]
    public void Types_without_portable_state_are_refused_when_the_transformer_is_made()
    {
        var error = Assert.Throws<TypeTransformerException>(() => new ObjectGraphSerializer(typeof(WithCallback)));
        Assert.Contains("delegates", error.Message);
    }

    [Fact]
    public void An_abstract_framework_type_nothing_could_fill_is_refused_up_front()
    {
        var error = Assert.Throws<TypeTransformerException>(() => TypeEngine.Default.WithOptions(new TypeEngineOptions { Warn = _ => { } }).Get<Stream>());
        Assert.Contains("System.IO.Stream", error.Message);
        Assert.Contains("allow-list", error.Message);
    }

    public sealed class WithCallback
    {
        public Action? Callback;
    }
}
