using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Diagnostics;

public sealed record HealthReport(string Status, string Mqtt, string Store);

/// <summary>Settings a client needs to present data the way the gateway means it.</summary>
public sealed record GatewaySettings(string TimeZone, int OpenMs, int MqttPort);

public static class DiagnosticsApi
{
    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/metrics", (GatewayMetrics metrics, DevicePresence presence) =>
        {
            var values = new Dictionary<string, long>(metrics.Snapshot()) { ["devicesOnline"] = presence.OnlineCount };
            return TypedResults.Ok(values);
        }).WithTags("Diagnostics");

        app.MapGet("/health", HealthAsync).WithTags("Diagnostics");

        app.MapGet("/api/settings", (SchoolClock clock, IOptions<AccessOptions> access, IOptions<MqttOptions> mqtt) =>
            TypedResults.Ok(new GatewaySettings(clock.Zone.Id, access.Value.OpenMs, mqtt.Value.Port))).WithTags("Diagnostics");
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> HealthAsync(
        MqttBroker broker, IDbConnectionFactory db, CancellationToken ct)
    {
        var mqtt = broker.IsListening ? "listening" : "stopped";
        var store = await db.IsHealthyAsync(ct) ? "ok" : "unavailable";
        var healthy = broker.IsListening && store == "ok";
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", mqtt, store);
        return healthy ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
