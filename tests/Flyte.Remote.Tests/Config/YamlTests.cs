using System.Text.Json.Nodes;
using Flyte.Config;
using Flyte.Remote;
using Xunit;

namespace Flyte.Tests.Config;

public sealed class YamlTests
{
    [Fact]
    public void Scalars_follow_the_yaml_core_schema()
    {
        var json = Yaml.ParseJson("""
            count: 12
            hex: 0x1F
            octal: 0o17
            ratio: -1.5e3
            yes: true
            no: False
            nothing: ~
            empty:
            quoted: "12"
            single: 'it''s'
            tagged: !!str 7
            word: hello world # a comment
            infinity: .inf
            """)!.AsObject();

        Assert.Equal(12L, json["count"]!.GetValue<long>());
        Assert.Equal(31L, json["hex"]!.GetValue<long>());
        Assert.Equal(15L, json["octal"]!.GetValue<long>());
        Assert.Equal(-1500.0, json["ratio"]!.GetValue<double>());
        Assert.True(json["yes"]!.GetValue<bool>());
        Assert.False(json["no"]!.GetValue<bool>());
        Assert.Null(json["nothing"]);
        Assert.True(json.ContainsKey("empty") && json["empty"] is null);
        Assert.Equal("12", json["quoted"]!.GetValue<string>());
        Assert.Equal("it's", json["single"]!.GetValue<string>());
        Assert.Equal("7", json["tagged"]!.GetValue<string>());
        Assert.Equal("hello world", json["word"]!.GetValue<string>());
        Assert.Equal(".inf", json["infinity"]!.GetValue<string>());
    }

    [Fact]
    public void Block_and_flow_collections_anchors_and_multi_line_scalars_read_as_json()
    {
        var json = Yaml.ParseJson("""
            base: &base {feature_a: 1, feature_b: 2}
            requests:
              - *base
              - feature_a: 3
                feature_b: [4, 5]
            note: |
              two
              lines
            """);

        Assert.Equal(
            JsonNode.Parse("""{"base":{"feature_a":1,"feature_b":2},"requests":[{"feature_a":1,"feature_b":2},{"feature_a":3,"feature_b":[4,5]}],"note":"two\nlines"}""")!.ToJsonString(),
            json!.ToJsonString());
    }

    [Fact]
    public void A_document_that_is_not_yaml_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => Yaml.ParseJson("a: 1\nb: [1, 2\nc: 3\n"));
        Assert.Matches(@"^line \d+, column \d+: ", error.Message);
        Assert.DoesNotContain("(Line:", error.Message);

        var key = Assert.Throws<FormatException>(() => Yaml.ParseJson("? [a, b]\n: 1\n"));
        Assert.StartsWith("line 1, column", key.Message);
        Assert.Contains("mapping key must be a scalar", key.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_with_its_line()
    {
        var deep = new string('[', Yaml.MaxDepth + 2) + new string(']', Yaml.MaxDepth + 2);
        var error = Assert.Throws<FormatException>(() => Yaml.ParseJson(deep));
        Assert.Contains($"deeper than {Yaml.MaxDepth}", error.Message);
        Assert.StartsWith("line 1", error.Message);
    }

    [Fact]
    public void An_empty_document_is_null()
    {
        Assert.Null(Yaml.ParseJson(""));
        Assert.Null(Yaml.ParseJson("# only a comment\n"));
    }

    [Fact]
    public void The_config_file_reads_flow_sequences_and_skips_sequences_of_mappings()
    {
        var path = WriteConfig("""
            logger:
              - level: 4
                show-source: true
            admin:
              endpoint: dns:///localhost:30080
              insecure: true
              scopes: [all, "offline"]
            """);

        var config = AdminConfig.FromEnvironment(_ => null, path);

        Assert.Equal(new Uri("http://localhost:30080/"), config.Endpoint);
        Assert.True(config.Insecure);
        Assert.Equal(["all", "offline"], config.Scopes);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_config_file_that_is_not_yaml_names_the_file_and_line()
    {
        var path = WriteConfig("admin:\n  endpoint: [unclosed\n");
        var error = Assert.Throws<FormatException>(() => AdminConfig.FromEnvironment(_ => null, path));
        Assert.StartsWith(path + ": line ", error.Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private static string WriteConfig(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("flyte-yaml-").FullName, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
