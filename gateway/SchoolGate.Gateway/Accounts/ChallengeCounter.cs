using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// Counts every request refused for missing, expired or unknown credentials (apiRequestsRejected)
/// where authorization decides to challenge, once, whichever sign-in scheme then answers the 401.
/// </summary>
public sealed class ChallengeCounter(GatewayMetrics metrics) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            metrics.ApiRequestsRejected.Add();
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
