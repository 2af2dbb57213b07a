using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// Rate limits of the API (Microsoft.AspNetCore.RateLimiting): a token bucket per signed-in account
/// (per address before sign-in) on every /api request, and a fixed window per address on sign-in.
/// A refusal is 429 problem details with Retry-After, counted in apiRequestsThrottled.
/// </summary>
public static class ApiRateLimits
{
    public const string Api = "api";
    public const string SignIn = "sign-in";

    public static WebApplicationBuilder AddApiLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.RequestsPerSecond > 0 && o.RequestBurst > 0 && o.SignInsPerMinute > 0 && o.MaxRequestBodyBytes > 0,
                $"{ApiOptions.Section}: RequestsPerSecond, RequestBurst, SignInsPerMinute and MaxRequestBodyBytes must be positive.")
            .ValidateOnStart();
        var limits = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            options.AddPolicy(Api, context =>
            {
                var o = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = o.RequestBurst,
                    TokensPerPeriod = o.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.AddPolicy(SignIn, context =>
            {
                var o = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = o.SignInsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    // After authentication: an account keeps its budget from any address, and one school's
    // scripts cannot use up another's.
    private static string Caller(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier) is { } id
            ? "account:" + id.Value
            : "address:" + Address(context);

    private static string Address(HttpContext context) => RemoteAddress.Of(context.Connection.RemoteIpAddress) ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.RequestServices.GetRequiredService<GatewayMetrics>().ApiRequestsThrottled.Add();
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "This account (or address) is over the API's rate limit; retry after the time in Retry-After.",
            },
        });
    }
}
