using System.Text;

namespace Flyte.Workflows;

/// <summary>
/// Text renderings of a workflow's DAG: Mermaid (for Markdown) and Graphviz DOT. Pure and deterministic: the same
/// workflow always gives the same text. Edges are labelled with the data they carry (<c>o0 → x</c>); the dashed edges
/// of setup and teardown carry no data.
/// </summary>
public static class WorkflowGraph
{
    // "end" is a keyword in Mermaid, so the Mermaid ids of the start and end nodes differ from the DOT ones.
    private const string Start = "start";
    private const string End = "end";
    private const string MermaidStart = "start_node";
    private const string MermaidEnd = "end_node";

    /// <summary>The workflow as a Mermaid flowchart.</summary>
    public static string ToMermaid(WorkflowSpec spec)
    {
        var text = new StringBuilder();
        text.Append("flowchart TD\n");
        text.Append($"    {MermaidStart}([\"start: {Escape(string.Join(", ", spec.Interface.Inputs.Select(i => i.Name)))}\"])\n");
        foreach (var node in AllNodes(spec))
            text.Append(node.Target switch
            {
                NodeTarget.WorkflowTarget => $"    {MermaidId(node.Id)}[[\"{node.Id}: {Escape(node.Target.Name)}\"]]\n",
                BranchTarget => $"    {MermaidId(node.Id)}{{\"{node.Id}: {Escape(node.Target.Name)}\"}}\n",
                MapTarget map => $"    {MermaidId(node.Id)}[/\"{node.Id}: map {Escape(map.Task.Name)}\"/]\n",
                _ => $"    {MermaidId(node.Id)}[\"{node.Id}: {Escape(node.Target.Name)}\"]\n",
            });
        text.Append($"    {MermaidEnd}([\"end: {Escape(string.Join(", ", spec.Interface.Outputs.Select(o => o.Name)))}\"])\n");
        foreach (var (from, to, label, dashed) in Edges(spec))
        {
            var (a, b) = (from == Start ? MermaidStart : MermaidId(from), to == End ? MermaidEnd : MermaidId(to));
            text.Append(dashed ? $"    {a} -.-> {b}\n" : $"    {a} -->|\"{Escape(label)}\"| {b}\n");
        }
        return text.ToString();
    }

    /// <summary>The workflow as a Graphviz DOT digraph.</summary>
    public static string ToDot(WorkflowSpec spec)
    {
        var text = new StringBuilder();
        text.Append($"digraph \"{Escape(spec.Name)}\" {{\n");
        text.Append("    rankdir=TB;\n");
        text.Append($"    \"{Start}\" [shape=oval, label=\"start\\n{Escape(string.Join(", ", spec.Interface.Inputs.Select(i => i.Name)))}\"];\n");
        foreach (var node in AllNodes(spec))
        {
            var shape = node.Target switch { NodeTarget.WorkflowTarget => "box3d", BranchTarget => "diamond", MapTarget => "parallelogram", _ => "box" };
            var name = node.Target is MapTarget m ? "map " + m.Task.Name : node.Target.Name;
            text.Append($"    \"{node.Id}\" [shape={shape}, label=\"{node.Id}\\n{Escape(name)}\"];\n");
        }
        text.Append($"    \"{End}\" [shape=oval, label=\"end\\n{Escape(string.Join(", ", spec.Interface.Outputs.Select(o => o.Name)))}\"];\n");
        foreach (var (from, to, label, dashed) in Edges(spec))
            text.Append(dashed
                ? $"    \"{from}\" -> \"{to}\" [style=dashed];\n"
                : $"    \"{from}\" -> \"{to}\" [label=\"{Escape(label)}\"];\n");
        text.Append("}\n");
        return text.ToString();
    }

    // A branch's case nodes follow it, depth first.
    private static IEnumerable<Node> AllNodes(WorkflowSpec spec) => spec.AllNodes.SelectMany(WithCases);

    private static IEnumerable<Node> WithCases(Node node) =>
        node.Target is BranchTarget branch ? branch.Block.Nodes.SelectMany(WithCases).Prepend(node) : [node];

    private static IEnumerable<(string From, string To, string Label, bool Dashed)> Edges(WorkflowSpec spec)
    {
        foreach (var node in AllNodes(spec))
            foreach (var binding in node.Inputs)
                foreach (var promise in binding.Data.Promises())
                    yield return (Source(promise), node.Id, Label(promise, binding.Var), false);
        // A branch leads to each case's node, the edge labelled with the case's condition.
        foreach (var node in AllNodes(spec))
            if (node.Target is BranchTarget branch)
            {
                foreach (var block in branch.Block.Cases)
                    yield return (node.Id, block.ThenNode.Id, "if " + block.Condition, false);
                if (branch.Block.ElseNode is { } elseNode)
                    yield return (node.Id, elseNode.Id, "else", false);
            }
        foreach (var output in spec.Outputs)
            foreach (var promise in output.Data.Promises())
                yield return (Source(promise), End, Label(promise, output.Var), false);
        var fed = spec.Nodes.SelectMany(n => n.UpstreamIds).ToHashSet();
        if (spec.Setup is { } setup)
            foreach (var root in spec.Nodes.Where(n => n.UpstreamIds.Count == 0))
                yield return (setup.Id, root.Id, "", true);
        if (spec.Teardown is { } teardown)
            foreach (var leaf in spec.Nodes.Where(n => !fed.Contains(n.Id)))
                yield return (leaf.Id, teardown.Id, "", true);
    }

    // Mermaid reads a dash in an id as the start of an edge.
    private static string MermaidId(string id) => id.Replace('-', '_');

    private static string Source(Promise promise) => promise.NodeId == Promise.StartNode ? Start : promise.NodeId;

    private static string Label(Promise promise, string var) => $"{promise.Var}{string.Concat(promise.AttrPath)} → {var}";

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "'");
}
