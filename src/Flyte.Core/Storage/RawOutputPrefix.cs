using System.Security.Cryptography;
using System.Text;

namespace Flyte.Storage;

/// <summary>
/// Raw output prefixes: the sandbox folder where one task attempt writes offloaded data (files, directories,
/// dataframes), shaped like propeller's: <c>&lt;root&gt;/&lt;shard&gt;/&lt;id&gt;</c>, for example
/// <c>s3://my-s3-bucket/data/k7/3f2a…(32 hex)</c>.
/// </summary>
/// <remarks>
/// <c>id</c> is 32 lower-case hex digits (128 bits). <c>shard</c> is two characters from <c>[0-9a-z]</c> (1296
/// shards) derived from the id, so object stores that partition by key prefix spread the load; the same id always
/// lands in the same shard.
/// </remarks>
public static class RawOutputPrefix
{
    private const string ShardAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh prefix under <paramref name="root"/> with a random id: nothing else will ever write there.</summary>
    public static string NewUnique(string root) =>
        Build(root, RandomNumberGenerator.GetHexString(32, lowercase: true));

    /// <summary>The prefix under <paramref name="root"/> for <paramref name="key"/>: the same key always gives the
    /// same prefix, which is what a retried or resumed execution needs to find its data again.</summary>
    public static string For(string root, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Build(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]);
    }

    /// <summary>The prefix for one attempt of one node of one execution, as propeller derives it from
    /// (execution name, node id, attempt).</summary>
    public static string ForAttempt(string root, string executionName, string nodeId, int attempt) =>
        For(root, $"{executionName}/{nodeId}/{attempt}");

    private static string Build(string root, string id)
    {
        ArgumentNullException.ThrowIfNull(root);
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(id));
        var shard = string.Concat(ShardAlphabet[hash[0] % ShardAlphabet.Length], ShardAlphabet[hash[1] % ShardAlphabet.Length]);
        return BlobUri.Combine(root, shard, id);
    }
}
