using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flyte.Remote;
using Xunit;
using Core = Flyteidl.Core;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>gRPC to a FlyteAdmin behind TLS signed by a private CA: flytectl's <c>caCertFilePath</c> and <c>insecureSkipVerify</c>.</summary>
public sealed class AdminTlsTests : IDisposable
{
    private static readonly Core.WorkflowExecutionIdentifier Missing = new() { Project = "p", Domain = "d", Name = "none" };
    private readonly PrivateCa pki = new();
    private readonly FakeFlyteAdmin admin;

    public AdminTlsTests()
    {
        admin = new FakeFlyteAdmin(tls: pki.Server);
    }

    public void Dispose()
    {
        admin.Dispose();
        pki.Dispose();
        Assert.Empty(admin.Problems);
    }

    private AdminConfig Config => new() { Endpoint = admin.GrpcEndpoint, Transport = AdminTransport.Grpc };

    [Fact]
    public async Task The_private_ca_from_ca_cert_file_path_is_trusted()
    {
        Assert.Equal("https", admin.GrpcEndpoint.Scheme);
        using var client = new FlyteAdminClient(Config with { CaCertFilePath = pki.CaPath });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        // The handshake succeeded: Admin itself answered.
        Assert.Equal(GrpcStatusCode.NOT_FOUND, error.Code);
    }

    [Fact]
    public async Task Without_it_the_certificate_is_refused_unless_verification_is_skipped()
    {
        using var strict = new FlyteAdminClient(Config);
        using var skipping = new FlyteAdminClient(Config with { InsecureSkipVerify = true });

        var refused = await Assert.ThrowsAsync<FlyteAdminException>(() => strict.GetExecutionAsync(Missing));
        var answered = await Assert.ThrowsAsync<FlyteAdminException>(() => skipping.GetExecutionAsync(Missing));

        // An untrusted certificate ends the call before Admin sees it (Grpc.Net.Client reports INTERNAL: not retried).
        Assert.Equal(GrpcStatusCode.INTERNAL, refused.Code);
        Assert.Contains("SSL", refused.Message);
        Assert.Equal(GrpcStatusCode.NOT_FOUND, answered.Code);
        Assert.Equal(1, admin.Requests.Count(r => r == "gRPC GetExecution"));
    }

    /// <summary>A CA (its PEM in a temp folder) and a server certificate for 127.0.0.1 signed by it.</summary>
    private sealed class PrivateCa : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("flyte-tls-").FullName;

        public PrivateCa()
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=Flyte test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            CaPath = Path.Combine(folder, "ca.pem");
            File.WriteAllText(CaPath, ca.ExportCertificatePem());

            using var serverKey = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
            using var withKey = signed.CopyWithPrivateKey(serverKey);
            Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        public string CaPath { get; }

        public X509Certificate2 Server { get; }

        public void Dispose()
        {
            Server.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }
}
