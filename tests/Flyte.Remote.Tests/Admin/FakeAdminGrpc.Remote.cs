using Flyteidl.Admin;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>The gRPC face of the calls <see cref="Remote.FlyteRemote"/> adds (see <c>FakeFlyteAdmin.Remote.cs</c>).</summary>
internal static partial class FakeAdminGrpc
{
    private sealed partial class Admin
    {
        public override Task<TaskList> ListTasks(ResourceListRequest request, ServerCallContext context) =>
            Serve(context, request, () => State(context).ListTasks(request));

        public override Task<WorkflowList> ListWorkflows(ResourceListRequest request, ServerCallContext context) =>
            Serve(context, request, () => State(context).ListWorkflows(request));

        public override Task<LaunchPlanList> ListLaunchPlans(ResourceListRequest request, ServerCallContext context) =>
            Serve(context, request, () => State(context).ListLaunchPlans(request));

        public override Task<ExecutionCreateResponse> RelaunchExecution(ExecutionRelaunchRequest request, ServerCallContext context) =>
            Serve(context, request, () => State(context).Relaunch(request));

        /// <summary>The fake's state, the singleton the server was built with.</summary>
        private static FakeFlyteAdmin State(ServerCallContext context) =>
            context.GetHttpContext().RequestServices.GetRequiredService<FakeFlyteAdmin>();
    }
}
