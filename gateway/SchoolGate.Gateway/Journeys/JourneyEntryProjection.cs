using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// A child's entry through their own school's turnstile ends the cross-rule's watch of their
/// boardings before it, or clears an alert already raised (<see cref="JourneyAlerts.EnteredAsync"/>),
/// in the entrance event's transaction. Only an "entered" at the student's school counts, as for attendance.
/// </summary>
public sealed class JourneyEntryProjection(JourneyAlerts alerts) : IEventProjection
{
    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Event.Type != PassageTypes.Entered || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId)
        {
            return;
        }

        scope.NotificationsQueued += await alerts.EnteredAsync(scope.Connection, scope.Transaction, student.Id, stored.OccurredAt,
            stored.ReceivedAt, scope.AfterCommit);
    }
}
