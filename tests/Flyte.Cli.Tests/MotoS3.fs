/// An S3 emulator for the CLI's local-cluster runs: the one CI started (`FLYTE_TEST_S3_ENDPOINT`) or a `moto_server`
/// of our own on a free loopback port, killed when the test process exits. Each caller gets a fresh bucket.
module Flyte.Cli.Tests.MotoS3

open System
open System.Diagnostics
open System.Net
open System.Net.Http
open System.Net.Sockets

let private freePort () =
    use listener = new TcpListener(IPAddress.Loopback, 0)
    listener.Start()
    (listener.LocalEndpoint :?> IPEndPoint).Port

let private waitUntilAnswering (endpoint: string) =
    use http = new HttpClient(Timeout = TimeSpan.FromSeconds 2.0)
    let deadline = DateTime.UtcNow.AddSeconds 60.0
    let rec loop () =
        let answered =
            try
                use _ = http.GetAsync(endpoint).Result
                true
            with _ when DateTime.UtcNow < deadline -> false
        if not answered then
            // Readiness polling of an external process: there is no event to wait on.
            Threading.Thread.Sleep 100
            loop ()
    loop ()

let private endpoint =
    lazy
        match Environment.GetEnvironmentVariable "FLYTE_TEST_S3_ENDPOINT" with
        | null | "" ->
            let port = freePort ()
            let info = ProcessStartInfo("moto_server", $"-H 127.0.0.1 -p {port}", UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true)
            let server = Process.Start info |> nonNull
            server.OutputDataReceived.Add ignore
            server.ErrorDataReceived.Add ignore
            server.BeginOutputReadLine()
            server.BeginErrorReadLine()
            AppDomain.CurrentDomain.ProcessExit.Add(fun _ -> try server.Kill true with _ -> ())
            let url = $"http://127.0.0.1:{port}"
            waitUntilAnswering url
            url
        | given ->
            waitUntilAnswering given
            given

/// A fresh bucket (moto takes an unsigned PUT) and the variables a pod gets to reach it.
let bucket () : string * (string * string) list =
    let url = endpoint.Force()
    let name = $"flyte-cli-{Guid.NewGuid():N}".Substring(0, 40)
    use http = new HttpClient()
    use response = http.PutAsync($"{url}/{name}", new StringContent("")).Result
    response.EnsureSuccessStatusCode() |> ignore
    name,
    [ "FLYTE_AWS_ENDPOINT", url
      "FLYTE_AWS_ACCESS_KEY_ID", "testing"
      "FLYTE_AWS_SECRET_ACCESS_KEY", "testing"
      "AWS_REGION", "us-east-1" ]
