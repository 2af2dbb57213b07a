using System.Text;
using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Devices;

/// <summary><c>.../state</c> (retained; also the last will): the device's declared status.</summary>
public sealed class DeviceStateHandler(IDbConnectionFactory db, TimeProvider time, ILogger<DeviceStateHandler> logger)
    : IDeviceMessageHandler
{
    public string Leaf => Topics.State;

    public async Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.IsEmpty)
        {
            // An empty retained publish clears the retained state; nothing to record.
            return HandlerResult.Ok;
        }

        if (!ProtocolCodec.TryDecode(payload.Span, ProtocolJsonContext.Default.DeviceState, out var state, out var error))
        {
            return HandlerResult.Malformed(error);
        }

        if (state.DeviceId != deviceId)
        {
            return HandlerResult.Malformed("payload deviceId does not match the topic");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var now = time.NowMs();
        await connection.ExecuteAsync("""
            INSERT INTO device_state (device_id, state_json, status, state_at, last_seen_at) VALUES (@deviceId, @json, @status, @now, @now)
            ON CONFLICT (device_id) DO UPDATE SET state_json = excluded.state_json, status = excluded.status,
                state_at = excluded.state_at, last_seen_at = excluded.last_seen_at
            """,
            new { deviceId, json = Encoding.UTF8.GetString(payload.Span), status = state.Status, now });
        logger.LogInformation("Device {DeviceId} is {Status} (firmware {Firmware})", deviceId, state.Status, state.Firmware);
        return HandlerResult.Ok;
    }
}

/// <summary>
/// <c>.../heartbeat</c> (QoS 0): proof of life. Like every accepted message it counts as "seen"
/// (<see cref="DeviceLastSeen"/>, noted by the router), so there is nothing to store here.
/// </summary>
public sealed class HeartbeatHandler : IDeviceMessageHandler
{
    public string Leaf => Topics.Heartbeat;

    public Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!ProtocolCodec.TryDecode(payload.Span, ProtocolJsonContext.Default.Heartbeat, out var heartbeat, out var error))
        {
            return Task.FromResult(HandlerResult.Malformed(error));
        }

        return Task.FromResult(heartbeat.DeviceId != deviceId ? HandlerResult.Malformed("payload deviceId does not match the topic") : HandlerResult.Ok);
    }
}
