using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Json;

namespace Flyte.Types;

/// <summary>
/// The transformer of a closed union whose cases carry named fields (an F# discriminated union, or a C# abstract
/// record with sealed derived records): a Flyte union type with one variant per case and explicit, stable tags.
/// <para>
/// Each case is a variant of type STRUCT whose <c>structure.tag</c> is the case's tag and whose
/// <c>structure.dataclass_type</c> lists the case's fields (fields whose type refers back to the union are left out
/// there, as flytekit leaves out fields it cannot type). A value is
/// <c>Union{value = Binary{msgpack {"$tag": tag, field: value, …}, "msgpack"}, type = the case's variant}</c>, the
/// fields encoded as flytekit encodes dataclass fields; a case without fields is a map holding only its tag. The tag
/// is repeated inside the payload because a union nested in another msgpack value (a record field, a list element
/// read by attribute access) loses its <c>Union</c> wrapper or is re-wrapped under the first variant that fits.
/// Reading picks the case by the payload's tag (else, for a Struct payload, the union's), so case order may change freely, and an unknown tag is an error that lists the known ones. A
/// <see cref="Generic"/> (Struct) payload, as the console sends, is read too.
/// </para>
/// <para>
/// Python and Java SDKs have no such thing: flytekit's <c>Union[A, B]</c> tags variants with the <em>transformer</em>
/// name, so two dataclass variants share the tag <c>Object-Dataclass-Transformer</c> and are told apart by trying
/// each in turn, which is ambiguous when their fields coincide; the user can neither choose nor pin a tag. Here the
/// tag is the case's own name or a <see cref="FlyteTagAttribute"/>, so reading is never a guess and survives renames.
/// </para>
/// </summary>
/// <typeparam name="T">The union type.</typeparam>
public sealed class CaseUnionTransformer<T> : TypeTransformer<T>
{
    /// <summary>The key of the case's tag inside its msgpack payload, so the payload reads alone (Python ignores extra keys).</summary>
    public const string TagKey = "$tag";

    [ThreadStatic] private static HashSet<Type>? _building;

    private readonly IReadOnlyList<UnionCase<T>> _cases;
    private readonly Func<T, int> _caseOf;
    private readonly LiteralType[] _variants;
    private readonly Dictionary<string, int> _byTag = new(StringComparer.Ordinal);

    /// <summary>Describes the union <typeparamref name="T"/>.</summary>
    /// <param name="name">The transformer's name (its tag when the union is itself a variant of another union).</param>
    /// <param name="cases">The cases, in declaration order.</param>
    /// <param name="caseOf">The index in <paramref name="cases"/> of a value's case.</param>
    /// <param name="engine">Resolves the field types for <c>dataclass_type</c>.</param>
    /// <exception cref="ArgumentException">Two cases share a tag.</exception>
    public CaseUnionTransformer(string name, IReadOnlyList<UnionCase<T>> cases, Func<T, int> caseOf, TypeEngine engine)
    {
        Name = name;
        _cases = cases;
        _caseOf = caseOf;
        for (var i = 0; i < cases.Count; i++)
            foreach (var tag in cases[i].Aliases.Prepend(cases[i].Tag))
                if (!_byTag.TryAdd(tag, i))
                    throw new ArgumentException($"The cases of {typeof(T).Name} share the Flyte tag \"{tag}\"; give one a different [FlyteTag].", nameof(cases));

        var building = _building ??= [];
        var outermost = building.Add(typeof(T));
        try
        {
            _variants = cases.Select(c => LiteralType.Of(SimpleType.Struct) with
            {
                Structure = new TypeStructure(c.Tag, c.Fields
                    .Where(f => !Mentions(f.Type, building))
                    .Select(f => KeyValuePair.Create(f.Name, engine.LiteralTypeOf(f.Type)))
                    .ToValueMap()),
            }).ToArray();
        }
        finally
        {
            if (outermost) building.Remove(typeof(T));
        }
        LiteralType = LiteralType.UnionOf(_variants);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override LiteralType LiteralType { get; }

    /// <summary>The tags written, in case order.</summary>
    public IEnumerable<string> Tags => _cases.Select(c => c.Tag);

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", $"A {typeof(T).Name} value is always one of its cases.");
        var index = _caseOf(value);
        var unionCase = _cases[index];
        var values = unionCase.FieldValues(value);
        var entries = new List<MessagePackEntry>(values.Length + 1) { new(TagKey, unionCase.Tag) };
        for (var i = 0; i < values.Length; i++)
        {
            var field = unionCase.Fields[i];
            try
            {
                var literal = await context.Engine.Get(field.Type).ToLiteralAsync(values[i], context).ConfigureAwait(false);
                entries.Add(new(field.Name, MsgPackLiterals.ToMsgPack(literal)));
            }
            catch (TypeTransformerException e) { throw e.AtPath(field.Name); }
        }
        var payload = new Binary(Bytes.Wrap(new MessagePackValue.MapValue(entries.ToValueList()).Encode()), Binary.MessagePackTag);
        return new Union(payload, _variants[index]);
    }

    /// <inheritdoc />
    public override async ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var (tag, payload) = literal.Value switch
        {
            Union u => (u.Type.Structure?.Tag ?? "", u.Value.Value),
            // Unwrapped: inside another msgpack value (a record field, a list element) the union's own tag is gone,
            // so the payload carries it too.
            Binary or Generic => (null, literal.Value),
            _ => throw new TypeTransformerException(LiteralType, Describe.Literal(literal), $"A {typeof(T).Name} is a union value tagged with its case."),
        };
        var fields = payload switch
        {
            Binary { Tag: Binary.MessagePackTag } b => ReadMsgPack(b),
            Generic g => g.Value.Fields.ToDictionary(kv => kv.Key, kv => (Func<LiteralType, Literal>)(t => StructPayload.ToLiteral(kv.Value, t))),
            Void => [],
            _ => throw new TypeTransformerException(LiteralType, Describe.Literal(payload), "A case's fields are a msgpack map (or a Struct)."),
        };
        // The tag inside the payload was written together with the fields, so it wins: a reader that re-wraps a
        // nested payload (e.g. the record family trying variants in order) may put it under the wrong variant.
        if (fields.TryGetValue(TagKey, out var embedded)) tag = TagOf(embedded);
        tag ??= _cases.Count == 1 ? _cases[0].Tag : "";
        var index = CaseOfTag(tag);
        var unionCase = _cases[index];
        var missing = unionCase.Fields.Where(f => !fields.ContainsKey(f.Name))
            .Select(f => new FieldMismatch(f.Name, FieldMismatchKind.Missing, $"a {f.Type.Name}")).ToList();
        if (missing.Count > 0)
            throw TypeTransformerException.StructureMismatch(_variants[index].ToString(), Describe.Literal(payload), missing);

        var values = new object?[unionCase.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = unionCase.Fields[i];
            var transformer = context.Engine.Get(field.Type);
            try
            {
                values[i] = await transformer.ToValueAsync(fields[field.Name](transformer.LiteralType), context).ConfigureAwait(false);
            }
            catch (TypeTransformerException e) { throw e.AtPath(field.Name); }
        }
        return unionCase.Construct(values);
    }

    private Dictionary<string, Func<LiteralType, Literal>> ReadMsgPack(Binary binary)
    {
        MessagePackValue node;
        try { node = MessagePackValue.Decode(binary.Value.Span); }
        catch (MessagePackException e) { throw new TypeTransformerException(LiteralType, Describe.Literal(binary), "The msgpack payload is malformed: " + e.Message, e); }
        if (node is not MessagePackValue.MapValue map)
            throw new TypeTransformerException(LiteralType, Describe.Literal(binary), "A case's fields are a msgpack map.");
        var fields = new Dictionary<string, Func<LiteralType, Literal>>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
            if (entry.Key is MessagePackValue.StringValue key)
                fields[key.Value] = t => MsgPackLiterals.FromMsgPack(entry.Value, t);
        return fields;
    }

    private static string TagOf(Func<LiteralType, Literal> field) =>
        field(LiteralType.Of(SimpleType.String)).Value is Primitive.StringValue s ? s.Value : "";

    private int CaseOfTag(string tag) =>
        _byTag.TryGetValue(tag, out var index) ? index
        : throw new TypeTransformerException(LiteralType, $"the tag \"{tag}\"",
            $"{typeof(T).Name} knows the tags " + string.Join(", ", _cases.Select(c => $"\"{c.Tag}\"")) + ".");

    private static bool Mentions(Type type, HashSet<Type> types) =>
        types.Contains(type)
        || (type.HasElementType && Mentions(type.GetElementType()!, types))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, types)));
}
