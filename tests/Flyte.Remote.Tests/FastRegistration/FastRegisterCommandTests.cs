using Amazon.S3.Model;
using Flyte.Compile;
using Flyte.Proto;
using Flyte.Remote;
using Flyte.Storage;
using Flyte.Tests.Admin;
using Flyte.Tests.Pods;
using Flyte.Tests.Storage;
using Xunit;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.FastRegistration;

/// <summary>
/// <c>flyte register --fast</c> against the fake Admin, whose data proxy presigns PUTs on moto; then the registered
/// container command, rendered as propeller would, in a fresh pod sandbox: it must give the very <c>outputs.pb</c>
/// that <c>flyte execute</c> gives on the original script.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class FastRegisterCommandTests : FlyteCommandTests
{
    private readonly MotoServerFixture moto;
    private readonly string laptop;

    public FastRegisterCommandTests(MotoServerFixture moto)
    {
        this.moto = moto;
        laptop = Directory.CreateDirectory(Path.Combine(ScriptCache, "laptop")).FullName;   // deleted with the cache
        Admin.DataProxyStore = (moto.Client, moto.Bucket);
        // A script that #loads a helper from a sub-folder: both travel in the bundle.
        Directory.CreateDirectory(Path.Combine(laptop, "lib"));
        File.WriteAllText(Path.Combine(laptop, "lib", "helpers.fsx"), "module Helpers\nlet exclaim (text: string) = text + \"!\"\n");
        File.WriteAllText(Script, """
            #load "lib/helpers.fsx"
            open Flyte.FSharp

            let shout (text: string) = Helpers.exclaim (text.ToUpperInvariant())
            let shoutTask = Task.define <@ shout @>
            """);
    }

    private string Script => Path.Combine(laptop, "main.fsx");

    private IReadOnlyDictionary<string, string> S3Environment => new Dictionary<string, string>
    {
        ["FLYTE_AWS_ENDPOINT"] = moto.Endpoint, ["FLYTE_AWS_ACCESS_KEY_ID"] = "testing", ["FLYTE_AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = "us-east-1", [S3Options.TimeoutVariable] = "10",
        ["FLYTECTL_CONFIG"] = Path.Combine(FlyteCommand.Root, "no-such-config.yaml"),
    };

    /// <summary>The container args with propeller's placeholders rendered for a local attempt.</summary>
    private static string[] Rendered(IEnumerable<string> args, string inputs, string outputPrefix) => args.Skip(1).Select(a => a switch
    {
        "{{.input}}" => inputs,
        "{{.outputPrefix}}" => outputPrefix,
        "{{.rawOutputDataPrefix}}" => outputPrefix + "/raw",
        "{{.checkpointOutputPrefix}}" => outputPrefix + "/checkpoint",
        "{{.prevCheckpointPrefix}}" => "\"\"",
        _ => a,
    }).ToArray();

    [Fact]
    public async Task A_fast_registered_task_runs_in_a_fresh_pod_from_its_uploaded_bundle_to_the_same_outputs_as_execute()
    {
        var registered = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache,
            "register", Script, "--fast", "--project", "flytesnacks", "--domain", "development", "--version", "v1");

        Assert.True(registered.ExitCode == 0, registered.Stderr);
        var bundle = CodeBundle.OfFiles(laptop, [Script, Path.Combine(laptop, "lib", "helpers.fsx")]);
        Assert.Contains($"code bundle {bundle.FileName} (2 files)", registered.Stdout);
        Assert.Contains("gRPC CreateUploadLocation", Admin.Requests);
        var task = Assert.Single(Admin.Tasks.Values).Spec.Template;
        var args = task.Container.Args.ToList();
        var url = args[3];
        Assert.Equal(["flyte", "fast-execute", "--additional-distribution"], args.Take(3));
        Assert.Equal($"s3://{moto.Bucket}/flytesnacks/development/", url[..url.LastIndexOf('/', url.LastIndexOf('/') - 1)] + "/");
        Assert.EndsWith("/" + bundle.FileName, url);
        Assert.Equal(["--dest-dir", ".", "--", "flyte", "execute"], args.Skip(4).Take(5));
        Assert.Equal(["--", "main.fsx", task.Id.Name], args.TakeLast(3));
        var uploaded = await moto.Client.GetObjectAsync(moto.Bucket, url[($"s3://{moto.Bucket}/".Length)..]);
        using (var body = new MemoryStream())
        {
            await uploaded.ResponseStream.CopyToAsync(body);
            Assert.Equal(bundle.Pack(), body.ToArray());
        }

        var dir = Directory.CreateTempSubdirectory("flyte-fast-pod-").FullName;
        try
        {
            var inputs = Path.Combine(dir, "inputs.pb");
            File.WriteAllBytes(inputs, new LiteralMap(ValueMap<Literal>.Empty.SetItem("text", new Literal(new Primitive.StringValue("hello")))).ToBytes());
            var fast = await PodProcess.RunAsync(Rendered(args, inputs, Path.Combine(dir, "fast")), S3Environment);
            PodProcess.AssertSucceeded(fast);
            Assert.Contains("2 files unpacked", fast.Stdout);
            var plain = await PodProcess.ExecuteAsync(
                PodProcess.Arguments(inputs, Path.Combine(dir, "plain"), Path.Combine(dir, "plain", "raw"), Script, task.Id.Name), S3Environment);
            PodProcess.AssertSucceeded(plain);

            var expected = File.ReadAllBytes(Path.Combine(dir, "plain", "outputs.pb"));
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(dir, "fast", "outputs.pb")));
            Assert.Contains("HELLO!", Pb.LiteralMap.Parser.ParseFrom(expected).ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_bundle_that_escapes_its_folder_is_a_non_recoverable_error_pb_and_nothing_is_unpacked()
    {
        var key = $"fast/{Guid.NewGuid():N}/fastevil.tar.gz";
        using (var archive = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(archive, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new System.Formats.Tar.TarWriter(gzip))
                tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../escaped.txt")
                    { DataStream = new MemoryStream([1, 2, 3]) });
            archive.Position = 0;
            await moto.Client.PutObjectAsync(new PutObjectRequest { BucketName = moto.Bucket, Key = key, InputStream = archive });
        }
        var dir = Directory.CreateTempSubdirectory("flyte-fast-evil-").FullName;
        try
        {
            var dest = Path.Combine(dir, "code");
            var run = await PodProcess.RunAsync(
                ["fast-execute", "--additional-distribution", $"s3://{moto.Bucket}/{key}", "--dest-dir", dest, "--",
                    "flyte", "execute", .. PodProcess.Arguments(Path.Combine(dir, "inputs.pb"), Path.Combine(dir, "out"), "", "main.fsx", "shout")],
                S3Environment);

            Assert.True(run.ExitCode == 0, run.Stderr);
            var error = Pb.ErrorDocument.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(dir, "out", "error.pb"))).Error;
            Assert.Equal(("SYSTEM:CodeBundleUnpackFailed", Pb.ContainerError.Types.Kind.NonRecoverable), (error.Code, error.Kind));
            Assert.Contains("'../escaped.txt'", error.Message);
            Assert.False(Directory.Exists(dest));
            Assert.False(File.Exists(Path.Combine(dir, "escaped.txt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(AdminTransport.Grpc)]
    [InlineData(AdminTransport.Rest)]
    public async Task Upload_asks_the_data_proxy_for_a_signed_url_and_puts_the_bundle_there(AdminTransport transport)
    {
        using var client = new FlyteAdminClient(Admin.Config(transport));
        var bundle = CodeBundle.OfFiles(laptop, [Script]);

        var url = await client.UploadAsync(bundle, "flytesnacks", "development");

        var request = Assert.Single(Admin.UploadLocations);
        Assert.Equal((bundle.FileName, 16), (request.Filename, request.ContentMd5.Length));
        Assert.Equal(System.Security.Cryptography.MD5.HashData(bundle.Pack()), request.ContentMd5.ToByteArray());
        Assert.Contains(transport == AdminTransport.Grpc ? "gRPC CreateUploadLocation" : "POST /api/v1/dataproxy/artifact_urn", Admin.Requests);
        var store = new S3BlobStore(moto.Options);
        Assert.True(await store.ExistsAsync(url));
    }

    [Fact]
    public void Package_fast_emits_flytekits_templates_for_flytectl_to_fill_in()
    {
        var output = Path.Combine(laptop, "pb");
        var packaged = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "package", Script, "--fast", "-o", output);

        Assert.True(packaged.ExitCode == 0, packaged.Stderr);
        var taskFile = Assert.Single(Directory.GetFiles(output, "*_1.pb"));
        var args = Flyteidl.Admin.TaskSpec.Parser.ParseFrom(File.ReadAllBytes(taskFile)).Template.Container.Args;
        Assert.Equal(
            ["flyte", "fast-execute", "--additional-distribution", FastExecution.RemotePackagePath, "--dest-dir", FastExecution.DestDir, "--", "flyte", "execute"],
            args.Take(9));
        Assert.Equal("main.fsx", args[^2]);
    }
}
