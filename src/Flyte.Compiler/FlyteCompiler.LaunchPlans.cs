using Flyte.Proto;
using Flyte.Workflows;
using Admin = Flyteidl.Admin;
using Pb = Flyteidl.Core;

namespace Flyte.Compile;

/// <summary>A named launch plan compiled to flyteidl, with the workflow it launches.</summary>
/// <param name="LaunchPlan">The <c>admin.LaunchPlan</c> (written to <c>NN_name_3.pb</c>).</param>
/// <param name="Workflow">Its workflow, compiled (registered before it).</param>
public sealed record CompiledLaunchPlan(Admin.LaunchPlan LaunchPlan, CompiledWorkflow Workflow);

public static partial class FlyteCompiler
{
    /// <summary>
    /// Compiles a named launch plan as flytekit's <c>get_serializable_launch_plan</c> writes it: the workflow id, the
    /// schedule and notifications in <c>entity_metadata</c>, a parameter per input it does not fix (its default, or
    /// <c>required</c>), the fixed inputs, labels, annotations and an empty raw output data config. Its version is
    /// <see cref="CompileOptions.Version"/> or the content hash of its spec (which holds the workflow's version).
    /// </summary>
    /// <exception cref="WorkflowBuildException">A scheduled launch plan with required inputs.</exception>
    public static CompiledLaunchPlan CompileLaunchPlan(LaunchPlanSpec launchPlan, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(launchPlan);
        options ??= CompileOptions.Default;
        launchPlan.Validate();
        var workflow = CompileWorkflow(launchPlan.Workflow, options);
        var spec = new Admin.LaunchPlanSpec
        {
            WorkflowId = workflow.Template.Id.Clone(),
            EntityMetadata = new Admin.LaunchPlanMetadata(),
            DefaultInputs = new Pb.ParameterMap(),
            FixedInputs = new Pb.LiteralMap(),
            Labels = new Admin.Labels(),
            Annotations = new Admin.Annotations(),
            RawOutputDataConfig = new Admin.RawOutputDataConfig(),
        };
        if (launchPlan.Schedule is { } schedule) spec.EntityMetadata.Schedule = Schedule(schedule);
        spec.EntityMetadata.Notifications.Add(launchPlan.Notifications.Select(Notification));
        foreach (var input in launchPlan.Interface.Inputs)
            spec.DefaultInputs.Parameters.Add(input.Name, launchPlan.DefaultInputs.TryGetValue(input.Name, out var value)
                ? new Pb.Parameter { Var = Variable(input), Default = ProtoMapping.ToProto(value) }
                : new Pb.Parameter { Var = Variable(input), Required = true });
        foreach (var (name, value) in launchPlan.FixedInputs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            spec.FixedInputs.Literals.Add(name, ProtoMapping.ToProto(value));
        foreach (var (key, value) in launchPlan.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)) spec.Labels.Values.Add(key, value);
        foreach (var (key, value) in launchPlan.Annotations.OrderBy(kv => kv.Key, StringComparer.Ordinal)) spec.Annotations.Values.Add(key, value);
        var id = Id(Pb.ResourceType.LaunchPlan, launchPlan.Name, options.Version ?? ContentVersion(spec), options);
        return new CompiledLaunchPlan(new Admin.LaunchPlan { Id = id, Spec = spec }, workflow);
    }

    private static Admin.Schedule Schedule(Schedule schedule)
    {
        var proto = new Admin.Schedule { KickoffTimeInputArg = schedule.KickoffTimeInputArg ?? "" };
        switch (schedule)
        {
            case CronSchedule cron:
                proto.CronSchedule = new Admin.CronSchedule { Schedule = cron.Expression, Offset = cron.Offset ?? "" };
                break;
            case FixedRateSchedule rate:
                proto.Rate = new Admin.FixedRate { Value = rate.Value, Unit = (Admin.FixedRateUnit)(int)rate.Unit };
                break;
            default:
                throw new WorkflowBuildException($"Schedule {schedule} cannot be compiled.");
        }
        return proto;
    }

    private static Admin.Notification Notification(Notification notification)
    {
        var proto = new Admin.Notification();
        proto.Phases.Add(notification.Phases.Select(p => (Pb.WorkflowExecution.Types.Phase)(int)p));
        switch (notification.Channel)
        {
            case NotificationChannel.Email:
                proto.Email = new Admin.EmailNotification();
                proto.Email.RecipientsEmail.Add(notification.Recipients);
                break;
            case NotificationChannel.PagerDuty:
                proto.PagerDuty = new Admin.PagerDutyNotification();
                proto.PagerDuty.RecipientsEmail.Add(notification.Recipients);
                break;
            default:
                proto.Slack = new Admin.SlackNotification();
                proto.Slack.RecipientsEmail.Add(notification.Recipients);
                break;
        }
        return proto;
    }

    /// <summary>The launch plans the nodes of <paramref name="workflow"/> start (its sub-workflows' and branch cases' included), each once, compiled.</summary>
    public static IReadOnlyList<CompiledLaunchPlan> LaunchPlansOf(WorkflowSpec workflow, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var found = new Dictionary<string, LaunchPlanSpec>(StringComparer.Ordinal);
        void Visit(IEnumerable<Workflows.Node> nodes)
        {
            foreach (var node in nodes)
                switch (node.Target)
                {
                    case LaunchPlanTarget { LaunchPlan: var plan }:
                        if (found.TryGetValue(plan.Name, out var known) && known != plan)
                            throw new WorkflowBuildException($"Two different launch plans are called '{plan.Name}'; launch plan names must be unique.");
                        found[plan.Name] = plan;
                        break;
                    case NodeTarget.WorkflowTarget { Workflow: var sub }:
                        Visit(sub.AllNodes);
                        break;
                    case BranchTarget branch:
                        Visit(branch.Block.Nodes);
                        break;
                }
        }
        Visit(workflow.AllNodes);
        return found.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => CompileLaunchPlan(p, options)).ToList();
    }

    /// <summary>
    /// The flytectl files of a package with named launch plans, in an order FlyteAdmin can register them one by one:
    /// every task; then each launch plan a node starts, after its own workflow (dependencies first); then the workflows
    /// and their default launch plans; then the named launch plans (after their workflows).
    /// </summary>
    public static IReadOnlyList<(string FileName, Google.Protobuf.IMessage Entity)> PackageFiles(IEnumerable<CompiledTask> tasks,
        IEnumerable<CompiledWorkflow> workflows, IEnumerable<CompiledLaunchPlan> launchPlans)
    {
        var wfs = workflows.ToList();
        var named = launchPlans.ToList();
        var dependencies = new List<CompiledLaunchPlan>();
        void Depend(CompiledWorkflow workflow)
        {
            foreach (var plan in workflow.LaunchPlans)
            {
                Depend(plan.Workflow);
                if (dependencies.All(d => d.LaunchPlan.Id.Name != plan.LaunchPlan.Id.Name)) dependencies.Add(plan);
            }
        }
        foreach (var workflow in wfs.Concat(named.Select(n => n.Workflow))) Depend(workflow);
        var everyWorkflow = dependencies.Select(d => d.Workflow).Concat(wfs).Concat(named.Select(n => n.Workflow)).ToList();
        var files = new List<(string, Google.Protobuf.IMessage)>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        string Name(string entity, int kind) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{files.Count:D2}_{entity}_{kind}.pb");
        void Add(string entity, int kind, Google.Protobuf.IMessage message)
        {
            if (written.Add($"{kind}/{entity}")) files.Add((Name(entity, kind), message));
        }
        foreach (var task in tasks.Concat(everyWorkflow.SelectMany(w => w.Tasks)).DistinctBy(t => t.Template.Id.Name)) Add(task.Template.Id.Name, 1, task.Spec);
        foreach (var plan in dependencies)
        {
            Add(plan.Workflow.Template.Id.Name, 2, plan.Workflow.Spec);
            Add(plan.LaunchPlan.Id.Name, 3, plan.LaunchPlan);
        }
        foreach (var wf in wfs) Add(wf.Template.Id.Name, 2, wf.Spec);
        foreach (var wf in wfs) Add(wf.LaunchPlan.Id.Name, 3, wf.LaunchPlan);
        foreach (var plan in named)
        {
            Add(plan.Workflow.Template.Id.Name, 2, plan.Workflow.Spec);
            Add(plan.LaunchPlan.Id.Name, 3, plan.LaunchPlan);
        }
        return files;
    }
}
