using System.Diagnostics;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Access;

/// <summary><c>.../access/request</c> -> decide -> <c>.../access/decision</c> (QoS 1).</summary>
public sealed class AccessRequestHandler(
    AccessDecider decider,
    IDevicePublisher publisher,
    RecentDecisions recent,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<AccessRequestHandler> logger) : IDeviceMessageHandler
{
    public string Leaf => Topics.AccessRequest;

    public async Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!ProtocolCodec.TryDecode(payload.Span, ProtocolJsonContext.Default.AccessRequest, out var request, out var error))
        {
            return HandlerResult.Malformed(error);
        }

        if (request.DeviceId != deviceId)
        {
            return HandlerResult.Malformed("payload deviceId does not match the topic");
        }

        // Protocol v1 knows two directions. Anything else is a broken or hostile device: deciding
        // anyway would log (and show on the dashboard) whatever string it sent. The value comes
        // after the fixed text, clipped, so the log line says what is wrong even when cut.
        if (request.Direction is not (Directions.In or Directions.Out))
        {
            return HandlerResult.Malformed($"direction must be \"in\" or \"out\", got '{DeviceAuthenticator.Printable(request.Direction)}'");
        }

        // The same alphabet as events (and as card ids the API issues): an id outside it can match
        // no card, and deciding anyway would log and show whatever bytes the device sent.
        if (!DeviceIds.IsValid(request.CardId))
        {
            return HandlerResult.Malformed($"cardId is not a valid id (1-64 of A-Z a-z 0-9 - _ . :), got '{DeviceAuthenticator.Printable(request.CardId)}'");
        }

        var started = Stopwatch.GetTimestamp();
        metrics.AccessRequests.Add();
        var verdict = await decider.DecideAsync(deviceId, request.CardId, request.Direction, cancellationToken);
        var decision = new AccessDecision(request.RequestId, verdict.Allow, verdict.Reason, verdict.OpenMs, verdict.Text);
        await publisher.PublishAsync(deviceId, Topics.AccessDecision, ProtocolCodec.Encode(decision), cancellationToken);
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        (verdict.Allow ? metrics.AccessAllowed : metrics.AccessDenied).Add();
        recent.Add(new RecentDecision(time.GetUtcNow(), deviceId, request.CardId, request.Direction, verdict.Allow,
            verdict.Reason, verdict.StudentFirstName, elapsedMs));
        logger.LogInformation("Tap: card {CardId} at {DeviceId} ({Direction}) -> {Decision} {Reason}{Who} in {Ms:F1} ms",
            DeviceAuthenticator.Printable(request.CardId), deviceId, request.Direction, verdict.Allow ? "ALLOW" : "DENY",
            verdict.Reason, verdict.StudentFirstName is { } name ? $" ({name})" : "", elapsedMs);
        return HandlerResult.Ok;
    }
}
