using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Workflows;
using Flyte.Types.Json;

namespace Flyte.Execution;

/// <summary>
/// Walks a promise's attribute path into a literal, as propeller does at run time: map literals by key, collections by
/// index, and into records — msgpack <see cref="Binary"/> or protobuf <see cref="Generic"/> structs — by field. A leaf
/// found inside a record becomes a literal of the type the binding expects.
/// </summary>
public static class AttributePaths
{
    /// <summary>The part of <paramref name="literal"/> at <paramref name="path"/>, as a literal of type <paramref name="expected"/>.</summary>
    /// <exception cref="WorkflowBindingException">The path does not exist in the value.</exception>
    public static Literal Resolve(Literal literal, IReadOnlyList<PromiseAttribute> path, LiteralType expected)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var attribute = path[i];
            switch (literal.Value, attribute)
            {
                case (LiteralMap map, PromiseAttribute.Key key):
                    literal = map.Literals.TryGetValue(key.Name, out var value) ? value : throw Missing(attribute, literal);
                    break;
                case (LiteralCollection list, PromiseAttribute.Index index):
                    literal = index.Position >= 0 && index.Position < list.Literals.Count ? list.Literals[index.Position] : throw Missing(attribute, literal);
                    break;
                case (Binary { Tag: Binary.MessagePackTag } binary, _):
                    return FromMsgPack(binary, path.Skip(i).ToList(), expected);
                case (Generic generic, _):
                    return FromStruct(new StructValue.Object(generic.Value), path.Skip(i).ToList(), expected);
                default:
                    throw Missing(attribute, literal);
            }
        }
        return literal;
    }

    private static Literal FromMsgPack(Binary binary, IReadOnlyList<PromiseAttribute> path, LiteralType expected)
    {
        var node = MessagePackValue.Decode(binary.Value.Span);
        foreach (var attribute in path)
        {
            node = (node, attribute) switch
            {
                (MessagePackValue.MapValue map, PromiseAttribute.Key key) when map.Entries.Any(e => IsKey(e.Key, key.Name)) =>
                    map.Entries.First(e => IsKey(e.Key, key.Name)).Value,
                (MessagePackValue.ArrayValue array, PromiseAttribute.Index index) when index.Position >= 0 && index.Position < array.Items.Count =>
                    array.Items[index.Position],
                _ => throw Missing(attribute, binary),
            };
        }
        return MsgPackLiterals.FromMsgPack(node, expected);
    }

    private static bool IsKey(MessagePackValue key, string name) => key is MessagePackValue.StringValue s && s.Value == name;

    private static Literal FromStruct(StructValue value, IReadOnlyList<PromiseAttribute> path, LiteralType expected)
    {
        foreach (var attribute in path)
        {
            value = (value, attribute) switch
            {
                (StructValue.Object o, PromiseAttribute.Key key) when o.Value.Fields.TryGetValue(key.Name, out var field) => field,
                (StructValue.List l, PromiseAttribute.Index index) when index.Position >= 0 && index.Position < l.Values.Count => l.Values[index.Position],
                _ => throw new WorkflowBindingException($"The record has no {attribute}."),
            };
        }
        return StructLeaf(value, expected);
    }

    private static Literal StructLeaf(StructValue value, LiteralType expected) => (value, expected.Type) switch
    {
        (StructValue.Number n, TypeKind.Simple { Type: SimpleType.Integer }) => new Primitive.Integer((long)n.Value),
        (StructValue.Number n, _) => new Primitive.FloatValue(n.Value),
        (StructValue.String s, _) => new Primitive.StringValue(s.Value),
        (StructValue.Bool b, _) => new Primitive.Boolean(b.Value),
        (StructValue.Null, _) => Void.Instance,
        (StructValue.List l, TypeKind.CollectionType c) => new LiteralCollection(new(l.Values.Select(v => StructLeaf(v, c.ElementType)))),
        (StructValue.Object o, _) => new Generic(o.Value),
        _ => throw new WorkflowBindingException($"A {value} inside a record cannot be a {expected}."),
    };

    private static WorkflowBindingException Missing(PromiseAttribute attribute, object value) =>
        new($"Attribute {attribute} does not exist in {value}.");
}

/// <summary>An input binding could not be resolved at run time (Flyte's <c>BindingResolutionFailure</c>, a system error).</summary>
public sealed class WorkflowBindingException : Exception
{
    /// <summary>Creates the error.</summary>
    public WorkflowBindingException(string message) : base(message) { }
}
