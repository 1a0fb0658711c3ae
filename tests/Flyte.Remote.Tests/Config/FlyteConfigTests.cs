using Flyte.Config;
using Flyte.Remote;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Config;

/// <summary>One reader of flytectl's config file: the Admin client and the S3 store read the same <see cref="FlyteConfig"/>.</summary>
public sealed class FlyteConfigTests : IDisposable
{
    private readonly ConfigFolder files = new();

    public void Dispose() => files.Dispose();

    private const string Sandbox = """
        admin:
          endpoint: dns:///localhost:30080
          insecure: true
        storage:
          type: minio
          container: my-s3-bucket
          connection:
            endpoint: http://localhost:30002
            access-key: minio
            secret-key: miniostorage
            region: us-east-1
        """;

    [Fact]
    public void One_file_gives_both_the_admin_and_the_storage_settings()
    {
        var config = FlyteConfig.Load(ConfigFolder.Env(), files.Write(Sandbox));

        var admin = AdminConfig.From(config);
        var s3 = S3Options.From(config);

        Assert.Equal(new Uri("http://localhost:30080/"), admin.Endpoint);
        Assert.True(admin.Insecure);
        Assert.Equal("http://localhost:30002", s3.Endpoint);
        Assert.Equal("minio", s3.AccessKey);
        Assert.Equal("my-s3-bucket", s3.Container);
        Assert.Equal(S3Options.DefaultTimeout, s3.Timeout);
        Assert.Equal(Path.Combine(files.Path, "config.yaml"), config.Path);
    }

    [Fact]
    public void Variables_win_over_the_file_for_both_sections()
    {
        var config = FlyteConfig.Load(ConfigFolder.Env(("FLYTE_ADMIN_ENDPOINT", "admin.example.com:443"), ("FLYTE_AWS_ENDPOINT", "http://moto:5000"),
            (FlyteConfig.S3TimeoutVariable, "3")), files.Write(Sandbox));

        Assert.Equal(new Uri("http://admin.example.com:443/"), AdminConfig.From(config).Endpoint);
        Assert.Equal("http://moto:5000", S3Options.From(config).Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(3), S3Options.From(config).Timeout);
    }

    [Fact]
    public void Secrets_are_masked_when_the_config_is_printed()
    {
        var config = FlyteConfig.Load(ConfigFolder.Env(("FLYTE_CREDENTIALS_CLIENT_SECRET", "s3cr3t-admin")), files.Write(Sandbox));

        var text = config.ToString();

        Assert.DoesNotContain("s3cr3t-admin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("miniostorage", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_flag_names_where_it_came_from()
    {
        var error = Assert.Throws<FormatException>(() => FlyteConfig.Load(ConfigFolder.Env(), files.Write("admin:\n  insecure: maybe\n")));

        Assert.Contains("admin.insecure", error.Message, StringComparison.Ordinal);
        Assert.Contains("maybe", error.Message, StringComparison.Ordinal);
    }
}
