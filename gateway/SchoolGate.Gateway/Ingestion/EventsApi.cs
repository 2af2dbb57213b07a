using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Ingestion;

/// <param name="DeviceTs">
/// The device's clock when it happened; null when the device did not know the time (protocol ts 0, e.g.
/// a clock not yet synchronised, or a time outside the calendar, which is stored as 0).
/// </param>
public sealed record DeviceEvent(string DeviceId, long Seq, string Type, string CardId, string Reason, bool Offline,
    DateTimeOffset? DeviceTs, DateTimeOffset ReceivedAt);

/// <param name="Missing">Events of the range that have still not arrived.</param>
/// <param name="FilledAt">When the last missing event arrived; null while the gap is open.</param>
/// <param name="AbandonedAt">
/// When the EventAck stopped waiting for its missing events (Ingestion:GapTimeoutSeconds): the device has
/// dropped them, so unless they arrive anyway they are lost. Null while they are waited for, and for gaps
/// the ack had already passed when they were seen (a device's first seq above 1, an older gateway).
/// </param>
public sealed record DeviceGap(string DeviceId, long FromSeq, long ToSeq, long Missing, DateTimeOffset DetectedAt, DateTimeOffset? FilledAt,
    DateTimeOffset? AbandonedAt);

/// <summary>An event that reused a stored (device, seq) with other content; see device_event_conflicts.</summary>
/// <param name="DeviceTs">As <see cref="DeviceEvent.DeviceTs"/>: null when the device did not know the time.</param>
public sealed record EventConflict(long Id, string DeviceId, long Seq, string Type, string CardId, string Reason, bool Offline,
    DateTimeOffset? DeviceTs, DateTimeOffset ReceivedAt);

public static class EventsApi
{
    private sealed record EventRow(string DeviceId, long Seq, string Type, string CardId, string Reason, long Offline, long DeviceTs, long ReceivedAt);

    private sealed record ConflictRow(long Id, string DeviceId, long Seq, string Type, string CardId, string Reason, long Offline,
        long DeviceTs, long ReceivedAt);

    private sealed record GapRow(string DeviceId, long FromSeq, long ToSeq, long Arrived, long DetectedAt, long? FilledAt, long? AbandonedAt);

    /// <summary>Limits a query to the devices of the caller's school (@scope null: every device).</summary>
    private const string InScope = "(@scope IS NULL OR device_id IN (SELECT device_id FROM devices WHERE school_id = @scope))";

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Events").RequireAuthorization(StaffPolicies.Security);
        group.MapGet("/events", ListAsync).WithSummary("Passages stored from devices, newest first");
        group.MapGet("/gaps", GapsAsync).WithSummary("Seq ranges of a device that did not arrive (open ones unless all=true)");
        group.MapGet("/conflicts", ConflictsAsync).WithSummary("Events that reused a stored seq with other content, newest first");
        return api;
    }

    private static async Task<Results<Ok<DeviceEvent[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? deviceId, int? limit, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = ListQuery(deviceId, limit);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await UnknownDeviceAsync(connection, deviceId, user) is { } unknown)
        {
            return unknown;
        }

        var rows = await connection.QueryAsync<EventRow>($"""
            SELECT device_id AS DeviceId, seq AS Seq, type AS Type, card_id AS CardId, reason AS Reason, offline AS Offline,
                   device_ts AS DeviceTs, received_at AS ReceivedAt
            FROM device_events
            WHERE (@deviceId IS NULL OR device_id = @deviceId) AND {InScope}
            ORDER BY received_at DESC, device_id, seq DESC
            LIMIT @limit
            """,
            new { deviceId, limit = limit ?? 50, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new DeviceEvent(r.DeviceId, r.Seq, r.Type, r.CardId, r.Reason, r.Offline != 0,
            DeviceTime(r.DeviceTs), UnixTime.FromMs(r.ReceivedAt))).ToArray());
    }

    /// <summary>Open gaps by default; <paramref name="all"/> adds the filled ones (history).</summary>
    private static async Task<Results<Ok<DeviceGap[]>, ValidationProblem, ProblemHttpResult>> GapsAsync(
        string? deviceId, bool? all, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new FieldChecks().OptionalWireId("deviceId", deviceId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await UnknownDeviceAsync(connection, deviceId, user) is { } unknown)
        {
            return unknown;
        }

        var rows = await connection.QueryAsync<GapRow>($"""
            SELECT device_id AS DeviceId, from_seq AS FromSeq, to_seq AS ToSeq, arrived AS Arrived, detected_at AS DetectedAt,
                   filled_at AS FilledAt, abandoned_at AS AbandonedAt
            FROM device_gaps
            WHERE (@deviceId IS NULL OR device_id = @deviceId) AND (@all OR filled_at IS NULL) AND {InScope}
            ORDER BY detected_at DESC, from_seq DESC LIMIT 200
            """,
            new { deviceId, all = all == true, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new DeviceGap(r.DeviceId, r.FromSeq, r.ToSeq, r.ToSeq - r.FromSeq + 1 - r.Arrived,
            UnixTime.FromMs(r.DetectedAt), UnixTime.FromMs(r.FilledAt), UnixTime.FromMs(r.AbandonedAt))).ToArray());
    }

    private static async Task<Results<Ok<EventConflict[]>, ValidationProblem, ProblemHttpResult>> ConflictsAsync(
        string? deviceId, int? limit, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = ListQuery(deviceId, limit);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await UnknownDeviceAsync(connection, deviceId, user) is { } unknown)
        {
            return unknown;
        }

        var rows = await connection.QueryAsync<ConflictRow>($"""
            SELECT id AS Id, device_id AS DeviceId, seq AS Seq, type AS Type, card_id AS CardId, reason AS Reason, offline AS Offline,
                   device_ts AS DeviceTs, received_at AS ReceivedAt
            FROM device_event_conflicts
            WHERE (@deviceId IS NULL OR device_id = @deviceId) AND {InScope}
            ORDER BY id DESC
            LIMIT @limit
            """,
            new { deviceId, limit = limit ?? 50, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new EventConflict(r.Id, r.DeviceId, r.Seq, r.Type, r.CardId, r.Reason, r.Offline != 0,
            DeviceTime(r.DeviceTs), UnixTime.FromMs(r.ReceivedAt))).ToArray());
    }

    // Protocol ts 0 is "unknown", not 1970-01-01: as an instant it would read as a real (absurd) time.
    private static DateTimeOffset? DeviceTime(long ms) => ms != 0 && UnixTime.IsRepresentable(ms) ? UnixTime.FromMs(ms) : null;

    /// <summary>404 for a device filter naming a device that does not exist, or one of another school.</summary>
    private static async Task<ProblemHttpResult?> UnknownDeviceAsync(System.Data.Common.DbConnection connection, string? deviceId, StaffUser user) =>
        deviceId is not null && (await connection.SchoolOfDeviceAsync(deviceId) is not { } school || !user.CanSee(school))
            ? Problems.NotFound("Device", deviceId)
            : null;

    private static FieldChecks ListQuery(string? deviceId, int? limit) => new FieldChecks().Limit(limit).OptionalWireId("deviceId", deviceId);
}
