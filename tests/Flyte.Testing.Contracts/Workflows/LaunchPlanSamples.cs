using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Tests.Workflows;

/// <summary>The C# twin of docs/examples/launch_plans.fsx: a Python task's reference, a named launch plan and a launch-plan node.</summary>
public static class LaunchPlanSamples
{
    /// <summary>Where the Python team registered <c>tasks.double_count(x: int) -> int</c>.</summary>
    public static EntityId PythonDoubleId { get; } = new("flytesnacks", "development", "tasks.double_count", "v1");

    /// <summary>The reference without a stub.</summary>
    public static ReferenceEntity<long, long> PythonDoubleUnstubbed { get; } = FlyteReference.Task<long, long>(PythonDoubleId, "x");

    /// <summary>The reference with its local stub.</summary>
    public static ReferenceEntity<long, long> PythonDouble { get; } = PythonDoubleUnstubbed.WithStub(x => 2 * x);

    /// <summary>Formats the report.</summary>
    public static FlyteTask<string, long, string> FormatReport { get; } =
        FlyteTask.Define("format_report", (string region, long count) => $"Report {region}: {count}");

    /// <summary>report_wf(region, days): the Python task doubles the days, then the report is formatted.</summary>
    public static WorkflowSpec ReportWorkflow(ReferenceEntity<long, long> python) =>
        FlyteWorkflow.Define("report_wf").Input<string>("region").Input<long>("days")
            .Then((b, region, days) => b.Call(FormatReport, region, b.Call(python, days)))
            .Build();

    /// <summary>nightly_report: region fixed to eu, days 7 by default, 03:00 every night, an email when it fails.</summary>
    public static LaunchPlanSpec Nightly(WorkflowSpec report) =>
        LaunchPlanSpec.Create("nightly_report", report)
            .WithFixedInput("region", "eu")
            .WithDefaultInput("days", 7L)
            .WithSchedule(Schedule.Cron("0 3 * * *"))
            .WithNotification(Notification.Email([WorkflowExecutionPhase.Failed], "oncall@example.com"))
            .WithLabel("team", "reports");

    /// <summary>weekly_wf(days): starts <paramref name="plan"/> as a node, binding only the days.</summary>
    public static WorkflowSpec Weekly(LaunchPlanSpec plan) =>
        FlyteWorkflow.Define("weekly_wf").Input<long>("days").Then((b, days) => b.LaunchPlan<string>(plan, days)).Build();
}
