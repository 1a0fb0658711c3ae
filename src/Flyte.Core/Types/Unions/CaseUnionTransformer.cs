namespace Flyte.Types;

/// <summary>
/// The transformer of a closed union whose cases carry named fields (an F# discriminated union, or a C# abstract
/// record with sealed derived records): a Flyte union type with one variant per case and explicit, stable tags.
/// <para>
/// Each case is a variant of type STRUCT whose <c>structure.tag</c> is the case's tag and whose
/// <c>structure.dataclass_type</c> lists the case's fields (fields whose type refers back to the union are left out
/// there, as flytekit leaves out fields it cannot type). A value is
/// <c>Union{value = Generic{field: value, …}, type = the case's variant}</c>; a case without fields has an empty
/// Struct. Reading picks the case by the tag in the union value, so case order may change freely, and an
/// unknown tag is an error that lists the known ones.
/// </para>
/// <para>
/// Python and Java SDKs have no such thing: flytekit's <c>Union[A, B]</c> tags variants with the <em>transformer</em>
/// name, so two dataclass variants share the tag <c>Object-Dataclass-Transformer</c> and are told apart by trying
/// each in turn (ambiguous when their fields coincide); the tag cannot be chosen by the user and changes when a
/// class is renamed. Here the tag is the case's own name or a <see cref="FlyteTagAttribute"/>, so it is unambiguous
/// and survives renames.
/// </para>
/// </summary>
/// <typeparam name="T">The union type.</typeparam>
public sealed class CaseUnionTransformer<T> : TypeTransformer<T>
{
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
        var fields = new List<KeyValuePair<string, StructValue>>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var field = unionCase.Fields[i];
            var transformer = context.Engine.Get(field.Type);
            try
            {
                var literal = await transformer.ToLiteralAsync(values[i], context).ConfigureAwait(false);
                fields.Add(KeyValuePair.Create(field.Name, StructPayload.ToStructValue(literal, transformer.LiteralType)));
            }
            catch (TypeTransformerException e) { throw e.AtPath(field.Name); }
        }
        return new Union(new Generic(new Struct(fields.ToValueMap())), _variants[index]);
    }

    /// <inheritdoc />
    public override async ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var (index, payload) = literal.Value switch
        {
            Union u => (CaseOfTag(u.Type.Structure?.Tag ?? ""), u.Value),
            Generic when _cases.Count == 1 => (0, literal),
            _ => throw new TypeTransformerException(LiteralType, literal.ToString(), $"A {typeof(T).Name} is read from a union value tagged with its case."),
        };
        var unionCase = _cases[index];
        var fields = payload.Value switch
        {
            Generic g => g.Value.Fields,
            Void when unionCase.Fields.Count == 0 => ValueMap<StructValue>.Empty,
            _ => throw new TypeTransformerException(_variants[index], payload.ToString(), $"Case \"{unionCase.Tag}\" is a Struct of its fields."),
        };
        var missing = unionCase.Fields.Where(f => !fields.ContainsKey(f.Name))
            .Select(f => new FieldMismatch(f.Name, FieldMismatchKind.Missing, $"a {f.Type.Name}")).ToList();
        if (missing.Count > 0)
            throw TypeTransformerException.StructureMismatch(_variants[index].ToString(), payload.ToString(), missing);

        var values = new object?[unionCase.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = unionCase.Fields[i];
            var transformer = context.Engine.Get(field.Type);
            try
            {
                var fieldLiteral = StructPayload.ToLiteral(fields[field.Name], transformer.LiteralType);
                values[i] = await transformer.ToValueAsync(fieldLiteral, context).ConfigureAwait(false);
            }
            catch (TypeTransformerException e) { throw e.AtPath(field.Name); }
        }
        return unionCase.Construct(values);
    }

    private int CaseOfTag(string tag) =>
        _byTag.TryGetValue(tag, out var index) ? index
        : throw new TypeTransformerException(LiteralType, $"the tag \"{tag}\"",
            $"{typeof(T).Name} knows the tags " + string.Join(", ", _cases.Select(c => $"\"{c.Tag}\"")) + ".");

    private static bool Mentions(Type type, HashSet<Type> types) =>
        types.Contains(type)
        || (type.HasElementType && Mentions(type.GetElementType()!, types))
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, types)));
}
