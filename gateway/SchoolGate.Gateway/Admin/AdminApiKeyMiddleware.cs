using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Admin;

/// <summary>
/// Guards the admin API (/api/*, which issues cards and device secrets) and the OpenAPI document
/// with <see cref="AdminOptions.ApiKey"/> when one is configured. /health, the dashboard page and
/// the Swagger UI assets stay open: they hold no data, and load balancers probe /health.
/// </summary>
public sealed class AdminApiKeyMiddleware(
    RequestDelegate next,
    IOptions<AdminOptions> options,
    GatewayMetrics metrics,
    IProblemDetailsService problems,
    TimeProvider time,
    ILogger<AdminApiKeyMiddleware> logger)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);
    private const int MaxRememberedAddresses = 1024;

    // Hashing both sides first gives equal-length inputs, so FixedTimeEquals leaks neither the
    // key's bytes nor its length through timing.
    private readonly byte[]? _keyHash = options.Value.KeyRequired ? Hash(options.Value.ApiKey!) : null;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null || !IsProtected(context.Request.Path) || HasValidKey(context.Request))
        {
            await next(context);
            return;
        }

        metrics.ApiRequestsRejected.Add();
        LogRefusal(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "The admin API needs the key (Admin:ApiKey) as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
            },
        });
    }

    internal static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private bool HasValidKey(HttpRequest request)
    {
        string? presented = request.Headers["X-Api-Key"];
        var authorization = request.Headers.Authorization.ToString();
        if (presented is null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _keyHash);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    // A scanner probing the API must not flood the log: one line per address per minute, the rest
    // only counted (apiRequestsRejected).
    private void LogRefusal(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = time.GetUtcNow();
        if (_lastLogged.TryGetValue(address, out var last) && now - last < LogInterval)
        {
            return;
        }

        if (_lastLogged.Count >= MaxRememberedAddresses)
        {
            foreach (var (key, at) in _lastLogged)
            {
                if (now - at >= LogInterval)
                {
                    _lastLogged.TryRemove(key, out _);
                }
            }
        }

        _lastLogged[address] = now;
        logger.LogWarning("Admin API request without a valid key refused: {Method} {Path} from {Address} (further refusals from it are only counted for a minute)",
            context.Request.Method, Mqtt.DeviceAuthenticator.Printable(context.Request.Path.Value), address);
    }
}
