using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `--quick` runs few iterations, in process, for CI-sized machines; `--in-process` runs the benchmarks in this process
// instead of a generated project (whose build can exceed BenchmarkDotNet's 2-minute limit on a busy shared machine); every other
// argument goes to BenchmarkDotNet (e.g. `--filter *BatchRequest*`). Reports land in bench/results/ (git-ignored).
var quick = args.Contains("--quick");
var inProcess = quick || args.Contains("--in-process");
var rest = args.Where(a => a is not ("--quick" or "--in-process")).ToArray();
var job = quick ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1) : Job.Default;
if (inProcess) job = job.WithToolchain(InProcessEmitToolchain.Instance);
var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results");
var config = DefaultConfig.Instance
    .AddJob(job)
    .AddExporter(CsvExporter.Default, JsonExporter.Full, MarkdownExporter.GitHub)
    // On a shared machine the fastest iteration is the one least disturbed by other processes.
    .AddColumn(StatisticColumn.Min, StatisticColumn.Median)
    .WithArtifactsPath(Path.GetFullPath(results));
BenchmarkSwitcher.FromAssembly(typeof(Flyte.Bench.BatchRequest).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
