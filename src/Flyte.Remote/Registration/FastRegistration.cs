using System.Net.Http.Headers;
using System.Security.Cryptography;
using Flyteidl.Service;
using Google.Protobuf;

namespace Flyte.Remote;

/// <summary>
/// The upload half of fast registration, as flytekit's <c>FlyteRemote.upload_file</c> does it: ask Admin's data proxy
/// (<c>CreateUploadLocation</c>, with the archive's name and MD5) for a signed URL, PUT the archive there with
/// <c>Content-MD5</c> and the headers the answer names, and hand back the native URL (<c>s3://…</c>) the tasks'
/// <c>fast-execute</c> downloads it from.
/// </summary>
public static class FastRegistration
{
    /// <summary>Packs <paramref name="bundle"/>, uploads it for <paramref name="project"/>/<paramref name="domain"/> and returns its native URL.</summary>
    /// <param name="client">The Admin client (its data proxy signs the URL).</param>
    /// <param name="bundle">The code.</param>
    /// <param name="project">The project to upload under.</param>
    /// <param name="domain">The domain to upload under.</param>
    /// <param name="http">The client that PUTs to the signed URL (not disposed); null for one of its own.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <exception cref="FlyteAdminException">Admin refused to sign a location.</exception>
    /// <exception cref="HttpRequestException">The store refused the PUT (its status and an excerpt of its answer are in the message).</exception>
    public static async Task<string> UploadAsync(this FlyteAdminClient client, CodeBundle bundle, string project, string domain,
        HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(bundle);
        var archive = bundle.Pack();
        var md5 = MD5.HashData(archive);
        var location = await client.CreateUploadLocationAsync(new CreateUploadLocationRequest
        {
            Project = project, Domain = domain, Filename = bundle.FileName, ContentMd5 = ByteString.CopyFrom(md5),
        }, cancellationToken).ConfigureAwait(false);
        if (location.SignedUrl.Length == 0 || location.NativeUrl.Length == 0)
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, System.Net.HttpStatusCode.OK, "CreateUploadLocation",
                "The answer names no signed_url or no native_url.");

        var own = http is null ? new HttpClient() : null;
        try
        {
            using var put = new HttpRequestMessage(HttpMethod.Put, location.SignedUrl) { Content = new ByteArrayContent(archive) };
            put.Content.Headers.ContentMD5 = md5;
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            foreach (var (name, value) in location.Headers)
                if (!put.Headers.TryAddWithoutValidation(name, value))
                    put.Content.Headers.TryAddWithoutValidation(name, value);
            using var answer = await (http ?? own!).SendAsync(put, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                var body = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException(
                    $"Uploading {bundle.FileName} to {new Uri(location.SignedUrl).GetLeftPart(UriPartial.Path)} failed with HTTP {(int)answer.StatusCode}: " +
                    (body.Length > 300 ? body[..300] + "…" : body), null, answer.StatusCode);
            }
        }
        finally
        {
            own?.Dispose();
        }
        return location.NativeUrl;
    }
}
