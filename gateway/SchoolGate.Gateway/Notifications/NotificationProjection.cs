using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Turnstile passages -> one outbox row per guardian, by the channel that reaches them now
/// (the engine routes it again if that changes before it goes). The idempotency key
/// <c>{deviceId}:{seq}:{guardianId}</c> is UNIQUE, so a re-sent event can never queue a second
/// message even if it somehow got past the event's own primary key. An event kept as a conflict
/// (restarted seq counter) is a different passage with the same seq: its key is
/// <c>{deviceId}:{seq}:conflict-{id}:{guardianId}</c>, so it gets its own message.
/// Least data: the text names the child by first name only. The text is rendered here, in the
/// guardian's language, and stored: a queued message never changes, even if the guardian later
/// picks another language or the templates change. Quiet hours and digests set when it may go.
/// </summary>
public sealed class NotificationProjection(StudentGuardians guardians, SchoolClock clock) : IEventProjection
{
    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        // Same rule as attendance: only a passage at the child's own school is "arrived at school".
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId || stored.Event.Type is not (PassageTypes.Entered or PassageTypes.Exited))
        {
            return;
        }

        var local = clock.ToLocal(stored.OccurredAt);
        var message = new StudentGuardians.Message(student.Id,
            language => MessageTemplates.ForPassage(language, stored.Event.Type, student.FirstName, local, stored.Event.Reason), DeliveryPriority.Attendance,
            stored.Event.Type == PassageTypes.Entered ? "arrived" : "left", stored.ReceivedAt, stored.SourceKey);
        scope.NotificationsQueued += await guardians.QueueAsync(scope.Connection, scope.Transaction, message, scope.AfterCommit);
    }
}
