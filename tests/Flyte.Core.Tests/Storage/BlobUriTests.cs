using System.Text.RegularExpressions;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

public sealed class BlobUriTests
{
    [Theory]
    [InlineData("s3://b", new[] { "a", "b.pb" }, "s3://b/a/b.pb")]
    [InlineData("s3://b/data/", new[] { "/x", "y/z/" }, "s3://b/data/x/y/z")]
    [InlineData("s3://b", new[] { "", "/", "k" }, "s3://b/k")]
    [InlineData("file:///", new[] { "tmp", "x" }, "file:///tmp/x")]
    [InlineData("/", new[] { "tmp" }, "/tmp")]
    [InlineData("/tmp/out//", new[] { "n0", "0" }, "/tmp/out/n0/0")]
    [InlineData("s3://b/k", new string[0], "s3://b/k")]
    public void Combine_joins_with_exactly_one_slash(string baseUri, string[] segments, string expected) =>
        Assert.Equal(expected, BlobUri.Combine(baseUri, segments));

    [Theory]
    [InlineData("..")]
    [InlineData("a/../../b")]
    public void Combine_refuses_to_climb_out_of_its_base(string segment) =>
        Assert.Throws<ArgumentException>(() => BlobUri.Combine("s3://b/data", segment));

    [Theory]
    [InlineData("s3://bucket/key", "s3")]
    [InlineData("S3://bucket/key", "s3")]
    [InlineData("file:///tmp/x", "file")]
    [InlineData("/tmp/x", "file")]
    [InlineData("gs://b/k", "gs")]
    [InlineData("relative/x", null)]
    [InlineData("", null)]
    public void SchemeOf_reads_the_scheme_and_treats_absolute_paths_as_files(string uri, string? expected) =>
        Assert.Equal(expected, BlobUri.SchemeOf(uri));

    [Theory]
    [InlineData("/tmp/plain.txt")]
    [InlineData("/tmp/with space/and#hash %20.txt")]
    public void A_local_path_survives_the_round_trip_through_a_file_uri(string path)
    {
        var uri = BlobUri.FromLocalPath(path);

        Assert.StartsWith("file:///", uri, StringComparison.Ordinal);
        Assert.Equal(path, BlobUri.ToLocalPath(uri));
        Assert.True(BlobUri.IsLocal(uri));
    }

    [Fact]
    public void Only_local_uris_have_a_local_path()
    {
        Assert.Throws<ArgumentException>(() => BlobUri.ToLocalPath("s3://b/k"));
        Assert.Throws<ArgumentException>(() => BlobUri.FromLocalPath("relative"));
        Assert.False(BlobUri.IsLocal("s3://b/k"));
    }
}

public sealed partial class RawOutputPrefixTests
{
    [GeneratedRegex("^s3://my-s3-bucket/data/[0-9a-z]{2}/[0-9a-f]{32}$")]
    private static partial Regex Shape();

    [Fact]
    public void A_new_prefix_is_root_then_a_two_character_shard_then_32_hex_digits()
    {
        var prefix = RawOutputPrefix.NewUnique("s3://my-s3-bucket/data/");
        Assert.Matches(Shape(), prefix);
    }

    [Fact]
    public void New_prefixes_never_repeat_and_spread_over_many_shards()
    {
        var prefixes = Enumerable.Range(0, 2000).Select(_ => RawOutputPrefix.NewUnique("s3://my-s3-bucket/data")).ToList();

        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
        Assert.True(prefixes.Select(p => p.Split('/')[4]).Distinct().Count() > 500, "shards should spread");
    }

    [Fact]
    public void A_keyed_prefix_is_stable_for_its_key_and_differs_between_attempts()
    {
        var first = RawOutputPrefix.ForAttempt("s3://my-s3-bucket/data", "f1a2b3", "n0", 0);

        Assert.Matches(Shape(), first);
        Assert.Equal(first, RawOutputPrefix.ForAttempt("s3://my-s3-bucket/data", "f1a2b3", "n0", 0));
        Assert.NotEqual(first, RawOutputPrefix.ForAttempt("s3://my-s3-bucket/data", "f1a2b3", "n0", 1));
        Assert.NotEqual(first, RawOutputPrefix.ForAttempt("s3://my-s3-bucket/data", "f1a2b3", "n1", 0));
    }
}
