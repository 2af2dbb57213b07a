using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// Turnstile passages -> "passage.entered" / "passage.exited" deliveries, in the event's
/// transaction. The same passages as attendance and parent messages count: a turnstile at the
/// child's own school. The data is the student's id and first name and the turnstile's id.
/// </summary>
public sealed class PassageWebhookProjection(WebhookQueue queue) : IEventProjection
{
    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student || student.SchoolId != stored.Device.SchoolId)
        {
            return;
        }

        var kind = "passage." + stored.Event.Type;
        if (!WebhookEventKinds.IsKnown(kind))
        {
            return;
        }

        var data = new { student = new { id = student.Id, firstName = student.FirstName }, deviceId = stored.Device.DeviceId };
        var queued = await queue.QueueAsync(scope.Connection, scope.Transaction,
            new WebhookEvent(stored.SourceKey, kind, student.SchoolId, stored.OccurredAt, data));
        if (queued > 0)
        {
            scope.AfterCommit(queue.Wake);
        }
    }
}
