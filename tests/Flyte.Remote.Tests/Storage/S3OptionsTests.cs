using Flyte.Config;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

/// <summary>Configuration precedence, always against a temp home: the real ~/.flyte is never read here.</summary>
public sealed class S3OptionsTests : IDisposable
{
    private const string FlytectlConfig = """
        # written by `flytectl demo start`
        admin:
          endpoint: dns:///localhost:30080
          insecure: true
          scopes:
            - all
            - name: nested
              value: ignored
        logger:
          show-source: true
        storage:
          connection:
            access-key: minio
            auth-type: accesskey   # or iam
            disable-ssl: true
            endpoint: "http://localhost:30002"
            region: 'us-east-1'
            secret-key: miniostorage
          type: minio
          container: "my-s3-bucket"
          enable-multicontainer: true
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("flyte-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string WriteConfig(string text)
    {
        var path = Path.Combine(_home, ".flyte", "config.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_storage_section_of_flytectls_config_is_read()
    {
        var options = S3Options.FromEnvironment(static _ => null, WriteConfig(FlytectlConfig));

        Assert.Equal("http://localhost:30002", options.Endpoint);
        Assert.Equal("minio", options.AccessKey);
        Assert.Equal("miniostorage", options.SecretKey);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("accesskey", options.AuthType);
        Assert.Equal("my-s3-bucket", options.Container);
        Assert.True(options.UsesPathStyle);
        Assert.True(options.UsesAccessKeys);
    }

    [Fact]
    public void Environment_overrides_the_file_and_Flytes_names_override_the_AWS_ones()
    {
        var path = WriteConfig(FlytectlConfig);
        var environment = Env(
            ("FLYTE_AWS_ENDPOINT", "http://flyte-sandbox-minio.flyte:9000"),
            ("AWS_ENDPOINT_URL", "http://aws-endpoint:1"),
            ("AWS_ACCESS_KEY_ID", "aws-key"),
            ("FLYTE_AWS_SECRET_ACCESS_KEY", "flyte-secret"),
            ("AWS_SECRET_ACCESS_KEY", "aws-secret"),
            ("AWS_DEFAULT_REGION", "eu-west-1"));

        var options = S3Options.FromEnvironment(environment, path);

        Assert.Equal("http://flyte-sandbox-minio.flyte:9000", options.Endpoint);
        Assert.Equal("aws-key", options.AccessKey);
        Assert.Equal("flyte-secret", options.SecretKey);
        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("my-s3-bucket", options.Container);
    }

    [Fact]
    public void AWS_REGION_wins_over_AWS_DEFAULT_REGION_and_empty_variables_count_as_unset()
    {
        var path = WriteConfig(FlytectlConfig);

        var options = S3Options.FromEnvironment(Env(("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "eu-west-1"), ("FLYTE_AWS_ENDPOINT", "")), path);

        Assert.Equal("ap-south-1", options.Region);
        Assert.Equal("http://localhost:30002", options.Endpoint);
    }

    [Fact]
    public void Without_file_or_environment_everything_is_left_to_the_SDK()
    {
        var options = S3Options.FromEnvironment(Env(), Path.Combine(_home, "missing.yaml"));

        Assert.Equal(new S3Options(), options);
        Assert.False(options.UsesPathStyle);
        Assert.False(options.UsesAccessKeys);
    }

    [Fact]
    public void A_non_S3_storage_section_contributes_nothing()
    {
        var path = WriteConfig("""
            storage:
              type: local
              connection:
                endpoint: http://should-not-be-used
            """);

        Assert.Null(S3Options.FromEnvironment(static _ => null, path).Endpoint);
    }

    [Fact]
    public void Iam_auth_ignores_keys_from_the_file()
    {
        var options = S3Options.FromEnvironment(static _ => null, WriteConfig(FlytectlConfig.Replace("auth-type: accesskey", "auth-type: iam", StringComparison.Ordinal)));

        Assert.Equal("minio", options.AccessKey);
        Assert.False(options.UsesAccessKeys);
    }

    [Fact]
    public void The_config_path_is_FLYTECTL_CONFIG_when_set_else_under_the_given_home()
    {
        Assert.Equal(Path.Combine(_home, ".flyte", "config.yaml"), FlyteConfig.DefaultPath(Env(), _home));
        Assert.Equal("/etc/flyte.yaml", FlyteConfig.DefaultPath(Env(("FLYTECTL_CONFIG", "/etc/flyte.yaml")), _home));
    }

    [Fact]
    public void Printing_options_masks_the_secret()
    {
        var text = new S3Options { AccessKey = "minio", SecretKey = "miniostorage" }.ToString();

        Assert.Contains("minio", text, StringComparison.Ordinal);
        Assert.DoesNotContain("miniostorage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_from_a_config_file_reach_a_working_store()
    {
        // Ties the reader to the client: keys, endpoint and path style from the file must be enough to talk to S3.
        var endpoint = Environment.GetEnvironmentVariable(MotoServerFixture.EndpointVariable);
        using var own = string.IsNullOrEmpty(endpoint) ? await MotoServer.StartAsync() : null;
        var path = WriteConfig($"""
            storage:
              type: s3
              connection:
                endpoint: {own?.Endpoint ?? endpoint}
                access-key: testing
                secret-key: testing
            """);
        var options = S3Options.FromEnvironment(Env(), path) with { Timeout = TimeSpan.FromSeconds(5), MaxErrorRetry = 1 };
        var bucket = $"cfg-{Guid.NewGuid():N}";
        using (var client = S3BlobStore.CreateClient(options))
            await client.PutBucketAsync(bucket);
        using var store = new S3BlobStore(options);

        await store.PutBytesAsync($"s3://{bucket}/a.pb", new byte[] { 42 });

        Assert.Equal([42], await store.GetBytesAsync($"s3://{bucket}/a.pb"));
    }
}
