using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Devices;

/// <param name="SchoolId">Required for a region admin; a school admin may omit it (their own school).</param>
/// <param name="Direction">"in" or "out"; a turnstile defaults to "in".</param>
public sealed record CreateDevice(
    [property: Required(ErrorMessage = "deviceId is required."), WireId(ErrorMessage = "deviceId must be 1-64 characters of A-Z a-z 0-9 - _ . :")] string? DeviceId,
    [property: Range(1, long.MaxValue, ErrorMessage = "schoolId must be a positive id.")] long? SchoolId,
    [property: Required(ErrorMessage = "kind is required."),
        AllowedValues(DeviceKinds.Turnstile, DeviceKinds.BusValidator, DeviceKinds.CanteenTerminal,
            ErrorMessage = "kind must be one of: turnstile, bus-validator, canteen-terminal.")] string? Kind,
    [property: AllowedValues(Directions.In, Directions.Out, null, ErrorMessage = "direction must be one of: in, out.")] string? Direction,
    [property: StringLength(100, ErrorMessage = "name must be at most 100 characters.")] string? Name);

/// <summary>The only time the secret is ever shown: the gateway keeps just its hash.</summary>
public sealed record DeviceCredentials(string DeviceId, string Secret);

public sealed record Device(string DeviceId, long SchoolId, string Kind, string? Direction, string? Name,
    DateTimeOffset CreatedAt, bool Online, string? Status, DateTimeOffset? LastSeenAt, string? Firmware);

public static class DevicesApi
{
    private sealed record DeviceRow(string DeviceId, long SchoolId, string Kind, string? Direction, string? Name,
        long CreatedAt, string? Status, long? LastSeenAt, string? StateJson);

    private const string SelectDevices = """
        SELECT d.device_id AS DeviceId, d.school_id AS SchoolId, d.kind AS Kind, d.direction AS Direction, d.name AS Name,
               d.created_at AS CreatedAt, s.status AS Status, s.last_seen_at AS LastSeenAt, s.state_json AS StateJson
        FROM devices d LEFT JOIN device_state s ON s.device_id = d.device_id
        """;

    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/devices").WithTags("Devices").RequireAuthorization(StaffPolicies.Security);
        group.MapPost("/", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Register a device; its MQTT secret is in the answer, and only there");
        group.MapGet("/", ListAsync).WithSummary("Devices with online status and last seen");
        group.MapGet("/{deviceId}", GetAsync).WithSummary("One device");
        return api;
    }

    private static async Task<Results<Created<DeviceCredentials>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateDevice body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, AccessListPublisher accessLists,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var schoolId = body.SchoolId ?? user.ScopeSchoolId;
        // A region admin has no school of their own to default to.
        if (schoolId is null)
        {
            return Problems.Invalid("schoolId", "schoolId is required.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(schoolId!.Value) || !await connection.SchoolExistsAsync(schoolId))
        {
            return Problems.Invalid("schoolId", $"School {schoolId} does not exist.");
        }

        var secret = DeviceSecrets.NewSecret();
        var (hash, salt) = DeviceSecrets.Hash(secret);
        // A turnstile lane has a direction; default "in" (the entrance) when the caller omits it.
        var direction = body.Direction ?? (body.Kind == DeviceKinds.Turnstile ? Directions.In : null);
        var now = time.NowMs();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO devices (device_id, school_id, kind, direction, name, secret_hash, salt, created_at)
            VALUES (@DeviceId, @schoolId, @Kind, @direction, @Name, @hash, @salt, @now)
            ON CONFLICT DO NOTHING
            """,
            new { body.DeviceId, schoolId, body.Kind, direction, body.Name, hash, salt, now }, transaction);
        if (inserted == 0)
        {
            return Problems.Conflict($"Device '{body.DeviceId}' is already registered.");
        }

        // The secret is never audited: only what the device is.
        await audit.RecordAsync(connection, transaction, actor, "create", "device", body.DeviceId!, schoolId, null,
            new { body.DeviceId, schoolId, body.Kind, direction, body.Name, createdAt = UnixTime.FromMs(now) });
        await transaction.CommitAsync(ct);
        accessLists.DeviceRegistered(body.DeviceId!);

        loggers.CreateLogger("SchoolGate.Devices").LogInformation(
            "Device {DeviceId} registered ({Kind}, school {SchoolId})", body.DeviceId, body.Kind, schoolId);
        return TypedResults.Created($"/api/devices/{body.DeviceId}", new DeviceCredentials(body.DeviceId!, secret));
    }

    private static async Task<Results<Ok<Device[]>, ProblemHttpResult>> ListAsync(long? schoolId, StaffUser user, IDbConnectionFactory db,
        DevicePresence presence, DeviceLastSeen lastSeen, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (schoolId is { } asked && (!user.CanSee(asked) || !await connection.SchoolExistsAsync(asked)))
        {
            return Problems.NotFound("School", asked);
        }

        var rows = await connection.QueryAsync<DeviceRow>(
            SelectDevices + " WHERE (@schoolId IS NULL OR d.school_id = @schoolId) AND (@scope IS NULL OR d.school_id = @scope) ORDER BY d.device_id",
            new { schoolId, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => ToDevice(r, presence, lastSeen)).ToArray());
    }

    private static async Task<Results<Ok<Device>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string deviceId, StaffUser user, IDbConnectionFactory db, DevicePresence presence, DeviceLastSeen lastSeen, CancellationToken ct)
    {
        var validator = new FieldChecks().WireId("deviceId", deviceId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DeviceRow>(SelectDevices + " WHERE d.device_id = @deviceId", new { deviceId });
        return row is null || !user.CanSee(row.SchoolId) ? Problems.NotFound("Device", deviceId) : TypedResults.Ok(ToDevice(row, presence, lastSeen));
    }

    private static Device ToDevice(DeviceRow r, DevicePresence presence, DeviceLastSeen lastSeen)
    {
        string? firmware = null;
        if (r.StateJson is not null
            && ProtocolCodec.TryDecode(System.Text.Encoding.UTF8.GetBytes(r.StateJson), ProtocolJsonContext.Default.DeviceState, out var state, out _))
        {
            firmware = state.Firmware;
        }

        return new Device(r.DeviceId, r.SchoolId, r.Kind, r.Direction, r.Name, UnixTime.FromMs(r.CreatedAt),
            presence.IsOnline(r.DeviceId), r.Status, lastSeen.Latest(r.DeviceId, r.LastSeenAt), firmware);
    }
}
