using Dapper;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// CONNECT check: client id = username = a registered device id, password = its secret.
/// Rejections use the MQTT 5 reason codes (MQTTnet maps them to 3.1.1 return codes).
/// </summary>
public sealed class DeviceAuthenticator(IDbConnectionFactory db, GatewayMetrics metrics, ILogger<DeviceAuthenticator> logger)
{
    internal const string ProtocolVersionItem = "schoolgate.protocolVersion";

    private sealed record Credentials(string SecretHash, string Salt);

    public async Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        var (code, why) = await CheckAsync(args);
        args.ReasonCode = code;
        if (code == MqttConnectReasonCode.Success)
        {
            args.SessionItems[ProtocolVersionItem] = args.ProtocolVersion;
            metrics.ConnectionsAccepted.Add();
            logger.LogInformation("MQTT: device {DeviceId} connected ({Protocol}, {Endpoint})",
                args.ClientId, args.ProtocolVersion, args.RemoteEndPoint);
            return;
        }

        args.ReasonString = why;
        metrics.ConnectionsRejected.Add();
        logger.LogWarning("MQTT: rejected connection of client '{ClientId}' from {Endpoint}: {Code} ({Why})",
            Printable(args.ClientId), args.RemoteEndPoint, code, why);
    }

    private async Task<(MqttConnectReasonCode, string)> CheckAsync(ValidatingConnectionEventArgs args)
    {
        if (!DeviceIds.IsValid(args.ClientId))
        {
            return (MqttConnectReasonCode.ClientIdentifierNotValid, "client id is not a valid device id");
        }

        if (!string.Equals(args.UserName, args.ClientId, StringComparison.Ordinal))
        {
            return (MqttConnectReasonCode.BadUserNameOrPassword, "username must equal the client id");
        }

        Credentials? credentials;
        try
        {
            await using var connection = await db.OpenAsync(args.CancellationToken);
            credentials = await connection.QuerySingleOrDefaultAsync<Credentials>(
                "SELECT secret_hash AS SecretHash, salt AS Salt FROM devices WHERE device_id = @id", new { id = args.ClientId });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "MQTT: store unavailable while authenticating {DeviceId}", args.ClientId);
            return (MqttConnectReasonCode.ServerUnavailable, "store unavailable");
        }

        if (credentials is null)
        {
            return (MqttConnectReasonCode.NotAuthorized, "unknown device");
        }

        return DeviceSecrets.Verify(args.Password, credentials.SecretHash, credentials.Salt)
            ? (MqttConnectReasonCode.Success, "")
            : (MqttConnectReasonCode.BadUserNameOrPassword, "wrong secret");
    }

    // Client ids of rejected connections are attacker-controlled: keep log lines single-line and short.
    internal static string Printable(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var clipped = value.Length > 64 ? value[..64] + "…" : value;
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
