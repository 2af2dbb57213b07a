using System.Net;
using Dapper;
using MQTTnet.Formatter;
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
public sealed class DeviceAuthenticator(
    IDbConnectionFactory db, LoginThrottle throttle, GatewayMetrics metrics, ILogger<DeviceAuthenticator> logger)
{
    internal const string ProtocolVersionItem = "schoolgate.protocolVersion";

    /// <summary>The one rejection that cost a PBKDF2 computation, so the one the throttle counts.</summary>
    private const string WrongSecret = "wrong secret";

    private sealed record Credentials(string SecretHash, string Salt);

    public async Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        var address = AddressOf(args.RemoteEndPoint);
        if (DeviceIds.IsValid(args.ClientId) && throttle.IsThrottled(args.ClientId, address))
        {
            // No PBKDF2, no store lookup, no log line per attempt (the throttle was logged when it
            // started). MQTT 5 has a code for exactly this; MQTTnet cannot map it to 3.1.1, whose
            // "server unavailable" also tells a device to retry later.
            args.ReasonCode = args.ProtocolVersion == MqttProtocolVersion.V500
                ? MqttConnectReasonCode.ConnectionRateExceeded
                : MqttConnectReasonCode.ServerUnavailable;
            args.ReasonString = "too many wrong secrets; retry later";
            metrics.ConnectionsRejected.Add();
            metrics.ConnectionsThrottled.Add();
            return;
        }

        var (code, why) = await CheckAsync(args);
        args.ReasonCode = code;
        if (code == MqttConnectReasonCode.Success)
        {
            throttle.RecordSuccess(args.ClientId, address);
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
        if (why == WrongSecret && throttle.RecordFailure(args.ClientId, address))
        {
            logger.LogWarning("MQTT: too many wrong secrets for device {DeviceId} from {Address}; refusing its logins unchecked until {Until:O}",
                args.ClientId, address, throttle.ThrottledUntil(args.ClientId, address));
        }
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
            : (MqttConnectReasonCode.BadUserNameOrPassword, WrongSecret);
    }

    // The port changes with every connection, so only the address counts.
    private static string AddressOf(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint ip => Http.RemoteAddress.Of(ip.Address)!,
        null => "unknown",
        _ => endpoint.ToString() ?? "unknown",
    };

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
