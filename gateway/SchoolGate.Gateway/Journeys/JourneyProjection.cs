using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// A bus validator's boarded and alighted events (SchoolGate firmware, over MQTT) -> journey
/// events, in the event's own transaction, keyed by <see cref="StoredEvent.SourceKey"/> and timed by
/// <see cref="StoredEvent.OccurredAt"/>. The route and vehicle are what the event says the vehicle
/// runs now; an event without a vehicle gets the one its validator is linked to. A card that is
/// not an active card of an active student is kept in device_events only (nobody to tell).
/// </summary>
public sealed class JourneyProjection(JourneyRecorder recorder) : IEventProjection
{
    private sealed record Link(long OperatorId, string? Vehicle);

    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        var e = stored.Event;
        if (stored.Device.Kind != DeviceKinds.BusValidator || e.Type is not (PassageTypes.Boarded or PassageTypes.Alighted))
        {
            return;
        }

        var (connection, transaction) = (scope.Connection, scope.Transaction);
        if (await JourneyRecorder.StudentOfCardAsync(connection, transaction, e.CardId) is not { } student)
        {
            return;
        }

        var link = await connection.QuerySingleOrDefaultAsync<Link>("""
            SELECT b.operator_id AS OperatorId, v.number AS Vehicle
            FROM bus_validators b LEFT JOIN transport_vehicles v ON v.id = b.vehicle_id WHERE b.device_id = @DeviceId
            """, new { e.DeviceId }, transaction);
        var tap = new JourneyTap(student, e.Type, Blank(e.Route), Blank(e.Vehicle) ?? link?.Vehicle, e.HasFix ? e.LatE7 : null,
            e.HasFix ? e.LonE7 : null, stored.OccurredAt, stored.ReceivedAt, JourneySources.Device, e.DeviceId, link?.OperatorId,
            stored.SourceKey);
        var recorded = await recorder.RecordAsync(connection, transaction, tap, scope.AfterCommit);
        scope.NotificationsQueued += recorded.MessagesQueued;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
