using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Diagnostics;

/// <summary>Settings a client needs to present data the way the gateway means it.</summary>
public sealed record GatewaySettings(string TimeZone, int OpenMs, int MqttPort);

public static class DiagnosticsApi
{
    public static RouteGroupBuilder MapDiagnosticsApi(this RouteGroupBuilder api)
    {
        // Gateway-wide figures sum every school's traffic: region admins only.
        api.MapGet("/metrics", (GatewayMetrics metrics, DevicePresence presence) =>
        {
            var values = new Dictionary<string, long>(metrics.Snapshot()) { ["devicesOnline"] = presence.OnlineCount };
            return TypedResults.Ok(values);
        }).WithTags("Diagnostics").RequireAuthorization(StaffPolicies.RegionAdmin).WithSummary("Gateway counters");

        api.MapGet("/settings", (SchoolClock clock, IOptions<AccessOptions> access, IOptions<MqttOptions> mqtt) =>
            TypedResults.Ok(new GatewaySettings(clock.Zone.Id, access.Value.OpenMs, mqtt.Value.Port)))
            .WithTags("Diagnostics").WithSummary("How the gateway means its data (time zone, relay open time, MQTT port)");
        return api;
    }
}
