namespace SchoolGate.Simulator.Demo;

public sealed record DemoSettings(
    Uri? Gateway,
    string MqttHost,
    int HttpPort,
    int MqttPort,
    int Students,
    int EntryLanes,
    int Seed,
    string? Store,
    bool ExitWhenDone,
    bool GatewayLogs,
    string? ApiKey = null)
{
    public List<string> Validate()
    {
        var errors = new List<string>();
        if (Students is < 1 or > 10_000)
        {
            errors.Add($"--students must be between 1 and 10000, got {Students}");
        }

        if (EntryLanes is < 1 or > 32)
        {
            errors.Add($"--entry-lanes must be between 1 and 32, got {EntryLanes}");
        }

        foreach (var (name, port) in new[] { ("--http-port", HttpPort), ("--mqtt-port", MqttPort) })
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"{name} must be a TCP port (1-65535), got {port}");
            }
        }

        if (Gateway is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add("--gateway needs --api-key (or SCHOOLGATE_API_KEY): a staff API key of that gateway (POST /api/auth/keys, or the dashboard)");
        }

        return errors;
    }
}
