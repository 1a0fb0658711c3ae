using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `--quick` runs few iterations, in process (building the per-benchmark project times out on a shared 2-core machine),
// for CI-sized machines; every other argument goes to BenchmarkDotNet (e.g. `--filter *BatchRequest*`).
// Reports land in bench/results/ (git-ignored).
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
var job = quick
    ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance)
    : Job.Default;
var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results");
var config = DefaultConfig.Instance
    .AddJob(job)
    .AddExporter(CsvExporter.Default, JsonExporter.Full, MarkdownExporter.GitHub)
    .WithArtifactsPath(Path.GetFullPath(results));
BenchmarkSwitcher.FromAssembly(typeof(Flyte.Bench.BatchRequest).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
