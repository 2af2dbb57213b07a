using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Ingestion;

/// <summary>
/// <c>.../events</c>: decode, commit (group commit), then send the application-level EventAck.
/// The ack, not the PUBACK, is what lets a device drop journal entries, so the protocol also
/// holds when an external broker PUBACKs before the gateway has stored anything.
/// </summary>
public sealed class EventIngestion(EventWriter writer, IDevicePublisher publisher, GatewayMetrics metrics, IOptions<IngestionOptions> options,
    ILogger<EventIngestion> logger)
    : IDeviceMessageHandler
{
    public string Leaf => Topics.Events;

    public async Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!ProtocolCodec.TryDecode(payload.Span, ProtocolJsonContext.Default.PassageEvent, out var e, out var error))
        {
            return HandlerResult.Malformed(error);
        }

        if (e.DeviceId != deviceId)
        {
            return HandlerResult.Malformed($"payload deviceId '{DeviceAuthenticator.Printable(e.DeviceId)}' does not match the topic");
        }

        if (e.Seq <= 0)
        {
            return HandlerResult.Malformed("seq must be positive");
        }

        if (e.CardId.Length > 0 && !DeviceIds.IsValid(e.CardId))
        {
            return HandlerResult.Malformed("cardId is not a valid id");
        }

        var result = await writer.CommitAsync(e, cancellationToken);
        switch (result.Outcome)
        {
            case EventOutcome.Refused:
                // The router logs malformed payloads clipped; this one names what to do, once per copy
                // (the device re-sends it every few seconds, which keeps it visible).
                logger.LogError(
                    "Event {DeviceId}#{Seq} refused: it is {Jump} above the highest seq stored for the device ({MaxSeq}), more than "
                    + "Ingestion:MaxSeqJump ({MaxSeqJump}) allows; no journal holds that many events, so its seq counter is broken. Fix "
                    + "the device's counter, or raise Ingestion:MaxSeqJump if it really counted that far (e.g. a device with a long "
                    + "history on an empty store)",
                    deviceId, e.Seq, e.Seq - result.MaxSeq, result.MaxSeq, options.Value.MaxSeqJump);
                return HandlerResult.Malformed($"seq {e.Seq} jumps more than Ingestion:MaxSeqJump above the device's highest ({result.MaxSeq})");
            case EventOutcome.Stored:
                metrics.EventsStored.Add();
                metrics.NotificationsQueued.Add(result.NotificationsQueued);
                break;
            case EventOutcome.Duplicate:
                metrics.DuplicateEvents.Add();
                logger.LogInformation("Event {DeviceId}#{Seq}: duplicate, acknowledged again", deviceId, e.Seq);
                break;
            case EventOutcome.Conflict:
                metrics.ConflictingEvents.Add();
                metrics.NotificationsQueued.Add(result.NotificationsQueued);
                // Acknowledged like any stored event (the device must not get stuck), but every
                // later seq up to the old maximum will collide too until someone acts. The
                // maximum, not the ack: a hole below it may still hold the ack back.
                logger.LogError(
                    "Event {DeviceId}#{Seq} ({Type} card {CardId}) reuses a seq already stored with other content: kept as conflict {ConflictId} "
                    + "(GET /api/conflicts). The device's seq counter restarted (wiped or replaced controller): re-provision it under a new "
                    + "device id, or reset its counter above {MaxSeq}",
                    deviceId, e.Seq, e.Type, e.CardId, result.ConflictId, result.MaxSeq);
                break;
        }

        if (result.Gap is { } gap)
        {
            metrics.GapsDetected.Add();
            logger.LogWarning("Event gap on {DeviceId}: seq {From}..{To} did not arrive", deviceId, gap.From, gap.To);
        }

        if (result.FilledGap is { } filled)
        {
            metrics.GapsFilled.Add();
            logger.LogInformation("Event gap on {DeviceId}: seq {From}..{To} has arrived in full", deviceId, filled.From, filled.To);
        }

        foreach (var (from, to) in result.Abandoned ?? [])
        {
            metrics.GapsAbandoned.Add();
            logger.LogError(
                "Event gap on {DeviceId}: seq {From}..{To} still missing after {Timeout} s (Ingestion:GapTimeoutSeconds); given up, those events "
                + "are lost (the device no longer has them, or they could not be stored or parsed). Acknowledging up to {AckSeq}",
                deviceId, from, to, options.Value.GapTimeoutSeconds, result.AckSeq);
        }

        await publisher.PublishAsync(deviceId, Topics.EventAck, ProtocolCodec.Encode(new EventAck(result.AckSeq)), cancellationToken);
        return HandlerResult.Ok;
    }
}
