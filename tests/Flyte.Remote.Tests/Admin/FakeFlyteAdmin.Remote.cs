using System.Globalization;
using System.Net;
using Flyte.Remote;
using Flyteidl.Admin;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Core = Flyteidl.Core;

namespace Flyte.Tests.Admin;

/// <summary>
/// The calls <see cref="FlyteRemote"/> adds, on the fake's shared state: listing an entity's versions (newest first by
/// <c>created_at</c>, registration order here), relaunching an execution, executions of a single task (run as the
/// workflow served under the task's name), and the launch plan closure's expected inputs and outputs.
/// </summary>
public sealed partial class FakeFlyteAdmin
{
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The REST routes of these calls; null for a route that is none of them.</summary>
    private IMessage? RouteRemote(string method, string[] parts, HttpListenerRequest request, string body)
    {
        if (method == "GET" && parts.Length == 4 && parts[0] is "tasks" or "workflows" or "launch_plans")
        {
            var list = new ResourceListRequest
            {
                Id = new NamedEntityIdentifier { Project = parts[1], Domain = parts[2], Name = parts[3] },
                Limit = uint.TryParse(request.QueryString["limit"], out var limit) ? limit : 0,
                Token = request.QueryString["token"] ?? "",
                Filters = request.QueryString["filters"] ?? "",
            };
            if (request.QueryString["sort_by.key"] is { } key)
                list.SortBy = new Sort
                {
                    Key = key,
                    Direction = request.QueryString["sort_by.direction"] switch
                    {
                        null or "DESCENDING" or "0" => Sort.Types.Direction.Descending,
                        "ASCENDING" or "1" => Sort.Types.Direction.Ascending,
                        var other => throw AdminFault.Invalid($"invalid sort_by.direction {other}"),
                    },
                };
            return parts[0] switch
            {
                "tasks" => ListTasks(list),
                "workflows" => ListWorkflows(list),
                _ => ListLaunchPlans(list),
            };
        }
        if (method == "POST" && parts is ["executions", "relaunch"])
            return Relaunch(AdminJson.StrictParser.Parse<ExecutionRelaunchRequest>(body));
        return null;
    }

    internal TaskList ListTasks(ResourceListRequest request)
    {
        var page = new TaskList();
        var (items, token) = List(tasks, request, (r, created) => new Flyteidl.Admin.Task
            { Id = r.Id, Closure = new TaskClosure { CreatedAt = created, CompiledTask = new Core.CompiledTask { Template = r.Spec.Template } } });
        page.Tasks.Add(items);
        page.Token = token;
        return page;
    }

    internal WorkflowList ListWorkflows(ResourceListRequest request)
    {
        var page = new WorkflowList();
        var (items, token) = List(workflows, request, (r, created) => new Workflow
            { Id = r.Id, Closure = new WorkflowClosure { CreatedAt = created, CompiledWorkflow = new Core.CompiledWorkflowClosure { Primary = new Core.CompiledWorkflow { Template = r.Spec.Template } } } });
        page.Workflows.Add(items);
        page.Token = token;
        return page;
    }

    internal LaunchPlanList ListLaunchPlans(ResourceListRequest request)
    {
        var page = new LaunchPlanList();
        var (items, token) = List(launchPlans, request, (r, created) =>
        {
            var closure = LaunchPlanClosureOf(r);
            closure.CreatedAt = created;
            return new LaunchPlan { Id = r.Id, Spec = r.Spec, Closure = closure };
        });
        page.LaunchPlans.Add(items);
        page.Token = token;
        return page;
    }

    /// <summary>
    /// One page of the versions of a named entity, as Admin checks a list request: a positive limit, project and
    /// domain, a sort key it knows (<c>created_at</c>; registration order stands for it), no filters (this fake has none).
    /// </summary>
    private (List<TAnswer> Items, string Token) List<T, TAnswer>(Dictionary<string, T> store, ResourceListRequest request,
        Func<T, Timestamp, TAnswer> answer)
        where T : IMessage<T>
    {
        if (request.Limit == 0)
            throw AdminFault.Invalid("invalid limit: a positive limit is required");
        if (request.Id is not { Project.Length: > 0, Domain.Length: > 0 } id)
            throw AdminFault.Invalid("id with project and domain is required");
        if (request.Filters.Length > 0)
            throw AdminFault.Invalid($"the fake understands no filters, got '{request.Filters}'");
        if (request.SortBy is { } sort && sort.Key != "created_at")
            throw AdminFault.Invalid($"invalid sort key {sort.Key}: the fake sorts by created_at only");
        lock (gate)
        {
            // A dictionary that is only added to enumerates in insertion order: the registration order is the creation order.
            var all = store.Select((kv, index) => (Key: kv.Key, Value: kv.Value, Created: Timestamp.FromDateTime(Epoch.AddSeconds(index))))
                .Where(e => e.Key.StartsWith($"{id.Project}/{id.Domain}/", StringComparison.Ordinal) &&
                            (id.Name.Length == 0 || e.Key.Split('/')[2] == id.Name))
                .ToList();
            if (request.SortBy is { Direction: Sort.Types.Direction.Descending })
                all.Reverse();
            var offset = request.Token.Length == 0 ? 0 : int.Parse(request.Token, CultureInfo.InvariantCulture);
            var items = all.Skip(offset).Take((int)request.Limit).Select(e => answer(e.Value, e.Created)).ToList();
            var next = offset + request.Limit < all.Count ? (offset + request.Limit).ToString(CultureInfo.InvariantCulture) : "";
            return (items, next);
        }
    }

    /// <summary>What Admin computes into a launch plan's closure: the expected inputs (its parameters) and outputs (its workflow's).</summary>
    private LaunchPlanClosure LaunchPlanClosureOf(LaunchPlanCreateRequest plan)
    {
        var closure = new LaunchPlanClosure { State = LaunchPlanState.Inactive, ExpectedInputs = plan.Spec.DefaultInputs?.Clone() ?? new Core.ParameterMap() };
        lock (gate)
            closure.ExpectedOutputs = workflows.TryGetValue(Key(plan.Spec.WorkflowId), out var workflow)
                ? workflow.Spec.Template.Interface?.Outputs?.Clone() ?? new Core.VariableMap()
                : new Core.VariableMap();
        return closure;
    }

    /// <summary>An execution of one task (Admin makes a launch plan for it): inputs checked against the task's interface; it runs the workflow served under the task's name.</summary>
    private ExecutionCreateResponse CreateTaskExecution(ExecutionCreateRequest request)
    {
        var taskId = request.Spec.LaunchPlan;
        TaskCreateRequest task;
        lock (gate)
            if (!tasks.TryGetValue(Key(taskId), out task!))
                throw AdminFault.NotFound($"missing entity of type TASK with identifier {Key(taskId)}");
        var declared = task.Spec.Template.Interface.Inputs?.Variables ?? new Google.Protobuf.Collections.MapField<string, Core.Variable>();
        var inputs = request.Inputs ?? new Core.LiteralMap();
        foreach (var name in declared.Keys)
            if (!inputs.Literals.ContainsKey(name))
                throw AdminFault.Invalid($"invalid input {name}: required input is missing");
        foreach (var name in inputs.Literals.Keys)
            if (!declared.ContainsKey(name))
                throw AdminFault.Invalid($"invalid input {name}: not an input of the task");
        return StartExecution(request, taskId.Name);
    }

    /// <summary>A new execution of what <paramref name="request"/>'s execution ran, with its inputs, mode RELAUNCH.</summary>
    internal ExecutionCreateResponse Relaunch(ExecutionRelaunchRequest request)
    {
        if (request.Id is not { Name.Length: > 0 })
            throw AdminFault.Invalid("id of the execution to relaunch is required");
        var original = Find(request.Id.Name);
        ExecutionCreateRequest again;
        string workflowName;
        lock (original)
        {
            again = original.Request.Clone();
            workflowName = original.WorkflowName;
        }
        again.Name = request.Name;
        again.Spec.OverwriteCache = request.OverwriteCache;
        again.Spec.Metadata = new ExecutionMetadata
            { Mode = ExecutionMetadata.Types.ExecutionMode.Relaunch, Principal = again.Spec.Metadata?.Principal ?? "", ReferenceExecution = original.Id };
        return StartExecution(again, workflowName);
    }

    /// <summary>Records a new execution under the request's name (or a made-up one) that runs the workflow served as <paramref name="workflowName"/>.</summary>
    private ExecutionCreateResponse StartExecution(ExecutionCreateRequest request, string workflowName)
    {
        lock (gate)
        {
            var name = request.Name is { Length: > 0 } n ? n : "f" + (++executionCounter).ToString("D4", CultureInfo.InvariantCulture);
            if (executions.ContainsKey(name))
                throw new AdminFault(GrpcStatusCode.ALREADY_EXISTS, $"execution {name} already exists");
            var id = new Core.WorkflowExecutionIdentifier { Project = request.Project, Domain = request.Domain, Name = name };
            executions[name] = new FakeExecution(id, request, workflowName);
            return new ExecutionCreateResponse { Id = id };
        }
    }
}
