using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Diagnostics;

/// <summary>The store answers a query against the migrated schema.</summary>
public sealed class StoreHealthCheck(IDbConnectionFactory db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy("ok")
            : HealthCheckResult.Unhealthy("unavailable");
}

/// <summary>The embedded MQTT broker is listening: without it no device gets a decision.</summary>
public sealed class BrokerHealthCheck(MqttBroker broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsListening ? HealthCheckResult.Healthy("listening") : HealthCheckResult.Unhealthy("stopped"));
}

/// <summary>/health on ASP.NET Core HealthChecks: 200 when the store and the broker are up, 503 otherwise.</summary>
public static class GatewayHealthChecks
{
    public const string Store = "store";
    public const string Mqtt = "mqtt";

    public static WebApplicationBuilder AddGatewayHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>(Store)
            .AddCheck<BrokerHealthCheck>(Mqtt);
        return builder;
    }

    /// <summary>Open to anyone: load balancers and monitoring probe it, and it holds no data.</summary>
    public static IEndpointRouteBuilder MapGatewayHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Diagnostics").WithSummary("Store and broker: 200 healthy, 503 unhealthy");
        return app;
    }

    // {"status":"healthy","mqtt":"listening","store":"ok"}: one word per part, what the dashboard shows.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, string> { ["status"] = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy" };
        foreach (var (name, entry) in report.Entries)
        {
            body[name] = entry.Description ?? entry.Status.ToString().ToLowerInvariant();
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
