using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Devices;
using SchoolGate.Gateway.Diagnostics;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// The broker's publish and subscribe interceptors: enforces the topic ACL, then hands each
/// device message to the handler of its topic leaf.
/// </summary>
public sealed class DeviceMessageRouter
{
    /// <summary>Sender id of messages the gateway injects; not a valid device id, so no device can claim it.</summary>
    public const string GatewaySenderId = "$schoolgate-gateway";

    private const string MalformedCountItem = "schoolgate.malformed";

    private readonly Dictionary<string, IDeviceMessageHandler> _handlers;
    private readonly GatewayMetrics _metrics;
    private readonly MqttOptions _options;
    private readonly DeviceLastSeen _lastSeen;
    private readonly ILogger<DeviceMessageRouter> _logger;

    public DeviceMessageRouter(IEnumerable<IDeviceMessageHandler> handlers, GatewayMetrics metrics,
        IOptions<MqttOptions> options, DeviceLastSeen lastSeen, ILogger<DeviceMessageRouter> logger)
    {
        _handlers = handlers.ToDictionary(h => h.Leaf, StringComparer.Ordinal);
        _metrics = metrics;
        _options = options.Value;
        _lastSeen = lastSeen;
        _logger = logger;
    }

    public async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.ClientId == GatewaySenderId)
        {
            return;
        }

        var topic = args.ApplicationMessage.Topic;
        if (!TopicAcl.IsAllowed(args.ClientId, topic)
            || !Topics.TryParse(topic, out var deviceId, out var leaf)
            || deviceId != args.ClientId)
        {
            _metrics.PublishesRejected.Add();
            _logger.LogWarning("MQTT ACL: device {DeviceId} may not publish to '{Topic}'", args.ClientId, Clip(topic));
            Refuse(args, MqttPubAckReasonCode.NotAuthorized);
            // MQTT 3.1.1 has no negative PUBACK: closing the connection is the only signal the device gets.
            args.CloseConnection = !IsMqtt5(args.SessionItems);
            return;
        }

        if (!_handlers.TryGetValue(leaf, out var handler))
        {
            _metrics.PublishesRejected.Add();
            _logger.LogWarning("MQTT: device {DeviceId} published to unknown leaf '{Leaf}'", deviceId, Clip(leaf));
            Refuse(args, MqttPubAckReasonCode.TopicNameInvalid);
            return;
        }

        var payload = args.ApplicationMessage.Payload;
        HandlerResult result;
        try
        {
            // Every device message is a few hundred bytes; a bigger one would be decoded, logged and
            // stored (reason, firmware...) as is, so it is refused before any handler sees it.
            result = payload.Length > _options.MaxPayloadBytes
                ? HandlerResult.Malformed($"payload of {payload.Length} bytes is over Mqtt:MaxPayloadBytes ({_options.MaxPayloadBytes})")
                : await handler.HandleAsync(deviceId, payload.IsSingleSegment ? payload.First : payload.ToArray(), args.CancellationToken);
        }
        catch (Exception ex) when (!args.CancellationToken.IsCancellationRequested)
        {
            // An exception escaping the interceptor makes MQTTnet drop the connection silently (its
            // logger is not ours). Refuse instead: the message may not be stored, so it must not look
            // acknowledged; if it was (only the EventAck failed), the re-sent copy is a duplicate.
            _metrics.HandlerFailures.Add();
            _logger.LogError(ex, "MQTT: could not handle {Leaf} from {DeviceId}; refused, the device will re-send", leaf, deviceId);
            Refuse(args, MqttPubAckReasonCode.UnspecifiedError);
            // MQTT 3.1.1 has no negative PUBACK: a PUBACK would read as "stored", so close instead.
            args.CloseConnection = !IsMqtt5(args.SessionItems);
            return;
        }

        if (result.IsMalformed)
        {
            _metrics.MalformedPayloads.Add();
            var count = CountMalformed(args.SessionItems);
            _logger.LogWarning("MQTT: malformed {Leaf} payload from {DeviceId}: {Error}", leaf, deviceId, Clip(result.Error!));
            Refuse(args, MqttPubAckReasonCode.PayloadFormatInvalid);
            if (count > _options.MaxMalformedPerConnection)
            {
                _logger.LogWarning("MQTT: closing {DeviceId} after {Count} malformed payloads", deviceId, count);
                args.CloseConnection = true;
            }

            return;
        }

        _lastSeen.Seen(deviceId);

        // The gateway consumes device messages itself; only retained state goes on through the
        // broker so that it is retained (and persisted by RetainedMessageStore). A retain flag on
        // any other leaf is ignored: a device must not park events or requests in the broker.
        args.ProcessPublish = args.ApplicationMessage.Retain && leaf == Topics.State;
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        var filter = args.TopicFilter.Topic;
        if (!TopicAcl.IsAllowed(args.ClientId, filter))
        {
            _metrics.PublishesRejected.Add();
            _logger.LogWarning("MQTT ACL: device {DeviceId} may not subscribe to '{Filter}'", args.ClientId, Clip(filter));
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }

        return Task.CompletedTask;
    }

    private static void Refuse(InterceptingPublishEventArgs args, MqttPubAckReasonCode code)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = code;
    }

    private static bool IsMqtt5(System.Collections.IDictionary? items) =>
        items?[DeviceAuthenticator.ProtocolVersionItem] is MqttProtocolVersion.V500;

    private static int CountMalformed(System.Collections.IDictionary? items)
    {
        if (items is null)
        {
            return 1;
        }

        lock (items)
        {
            var count = (items[MalformedCountItem] as int? ?? 0) + 1;
            items[MalformedCountItem] = count;
            return count;
        }
    }

    private static string Clip(string value) => DeviceAuthenticator.Printable(value);
}
