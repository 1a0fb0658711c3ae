namespace Flyteidl.Service;

public static partial class AdminService
{
    public partial class AdminServiceClient
    {
        /// <summary>
        /// A <c>DataProxyService</c> client on this client's channel: FlyteAdmin serves both services on one endpoint,
        /// so a call of either travels the same connection, with the same call options (and token).
        /// </summary>
        public DataProxyService.DataProxyServiceClient DataProxy() => new(CallInvoker);
    }
}
