using Flyte.Compatibility;
using Flyte.Types;

namespace Flyte.Remote;

/// <summary>
/// Converts the .NET values of an execution's inputs against a fetched entity's interface, as flytekit's
/// <c>FlyteRemote._execute</c> does with its type hints: every name must be an input, every required input given, and
/// every value of the input's Flyte type. A value converts through the type engine by the .NET type the interface
/// suggests when the value is one (so <c>5L</c> for an optional integer becomes the union Flyte expects), else by its
/// own type, which must be castable to the input's (propeller's rules); a <see cref="Literal"/> is taken as it is.
/// </summary>
internal static class RemoteInputs
{
    /// <summary>The literal map for <paramref name="inputs"/>: null (none), a <see cref="LiteralMap"/>, a dictionary, or an object whose public properties are the inputs.</summary>
    /// <exception cref="RemoteInputException">An input is unknown, missing, or of the wrong type.</exception>
    public static async Task<LiteralMap> ToLiteralsAsync(RemoteEntity entity, object? inputs, TransformerContext context)
    {
        var values = inputs switch
        {
            null => [],
            LiteralMap map => map.Literals.Select(kv => (kv.Key, (object?)kv.Value, (Type?)typeof(Literal))).ToList(),
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(kv => (kv.Key, kv.Value, kv.Value?.GetType())).ToList(),
            _ => inputs.GetType().GetProperties().Select(p => (p.Name, p.GetValue(inputs), (Type?)p.PropertyType)).ToList(),
        };
        var what = entity.ToString();
        var literals = ValueMap<Literal>.Empty;
        foreach (var (name, value, declared) in values)
        {
            if (!entity.Inputs.TryGetValue(name, out var input))
                throw new RemoteInputException(what, name, null,
                    $"is not an input of it (its inputs: {(entity.Inputs.Count == 0 ? "none" : string.Join(", ", entity.Inputs.Select(i => $"{i.Key}: {i.Value.Type}")))}).");
            literals = literals.SetItem(name, await ConvertAsync(what, name, value, declared, input.Type, context).ConfigureAwait(false));
        }
        foreach (var (name, input) in entity.Inputs)
            if (input.Required && !literals.ContainsKey(name))
                throw new RemoteInputException(what, name, input.Type.ToString(), $"is required (Flyte type {input.Type}) but was not given.");
        return new LiteralMap(literals);
    }

    private static async Task<Literal> ConvertAsync(string what, string name, object? value, Type? declared, LiteralType expected, TransformerContext context)
    {
        Literal literal;
        if (value is Literal given)
            literal = given;
        else
        {
            var suggested = context.Engine.GuessType(expected);
            Type type;
            if (suggested is not null && (value is null ? context.Engine.IsOptional(suggested) : Fits(suggested, value.GetType())))
                type = suggested;
            else if (value is null)
                throw new RemoteInputException(what, name, expected.ToString(), $"expects Flyte type {expected}, but was given null.");
            else
            {
                type = declared is not null && declared != typeof(object) ? declared : value.GetType();
                LiteralType own;
                try
                {
                    own = context.Engine.LiteralTypeOf(type);
                }
                catch (TypeTransformerException e)
                {
                    throw new RemoteInputException(what, name, expected.ToString(),
                        $"expects Flyte type {expected}, but the value given is a {type.FullName}, which has no Flyte type: {e.Message}", e);
                }
                var castable = TypeCompatibility.IsAssignable(own, expected);
                if (!castable.IsCompatible)
                    throw new RemoteInputException(what, name, expected.ToString(),
                        $"expects Flyte type {expected}, but the value given is a {type.FullName} (Flyte type {own}): {castable.Mismatches[0]}.");
            }
            try
            {
                literal = await context.Engine.ToLiteralAsync(value, type, context).ConfigureAwait(false);
            }
            catch (TypeTransformerException e)
            {
                throw new RemoteInputException(what, name, expected.ToString(), $"(Flyte type {expected}) could not be converted: {e.AtPath(name).Message}", e);
            }
        }
        var instance = TypeCompatibility.IsInstance(literal, expected);
        if (!instance.IsCompatible)
            throw new RemoteInputException(what, name, expected.ToString(), $"expects Flyte type {expected}, but the value given is not one: {instance.Mismatches[0]}.");
        return literal;
    }

    /// <summary>Whether a value of type <paramref name="actual"/> is a <paramref name="suggested"/> (or the value type under a nullable one).</summary>
    private static bool Fits(Type suggested, Type actual) =>
        suggested.IsAssignableFrom(actual) || Nullable.GetUnderlyingType(suggested) == actual;
}
