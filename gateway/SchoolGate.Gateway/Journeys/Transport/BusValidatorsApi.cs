using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys.Transport;

/// <param name="VehicleId">The vehicle the validator is fitted in, if it stays in one (its events' own vehicle field wins).</param>
public sealed record LinkBusValidator(
    [property: Required(ErrorMessage = "operatorId is required."), Range(1, long.MaxValue, ErrorMessage = "operatorId must be a positive id.")] long? OperatorId,
    [property: Range(1, long.MaxValue, ErrorMessage = "vehicleId must be a positive id.")] long? VehicleId);

public sealed record BusValidator(string DeviceId, long SchoolId, long? OperatorId, long? VehicleId, string? Vehicle);

/// <summary>
/// Which operator (and vehicle) a bus validator registered with the devices API belongs to. The
/// route is not linked: a vehicle changes routes during the day, and each event names the route it
/// runs at the time.
/// </summary>
public static class BusValidatorsApi
{
    private const string SelectValidators = """
        SELECT d.device_id AS DeviceId, d.school_id AS SchoolId, b.operator_id AS OperatorId, b.vehicle_id AS VehicleId, v.number AS Vehicle
        FROM devices d LEFT JOIN bus_validators b ON b.device_id = d.device_id LEFT JOIN transport_vehicles v ON v.id = b.vehicle_id
        """;

    public static RouteGroupBuilder MapBusValidatorsApi(this RouteGroupBuilder transport)
    {
        transport.MapGet("/validators", ListAsync).WithSummary("Bus validators and the operator and vehicle each belongs to");
        transport.MapPut("/validators/{deviceId}", LinkAsync).RequireAuthorization(StaffPolicies.RegionAdmin)
            .WithSummary("Link a bus validator to its operator (and vehicle)");
        return transport;
    }

    private static async Task<Ok<BusValidator[]>> ListAsync(StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<BusValidator>(
            SelectValidators + " WHERE d.kind = @kind AND (@scope IS NULL OR d.school_id = @scope) ORDER BY d.device_id",
            new { kind = DeviceKinds.BusValidator, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Ok<BusValidator>, ValidationProblem, ProblemHttpResult>> LinkAsync(string deviceId, LinkBusValidator body,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var checks = new FieldChecks().WireId("deviceId", deviceId);
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<BusValidator>(SelectValidators + " WHERE d.device_id = @deviceId AND d.kind = @kind",
            new { deviceId, kind = DeviceKinds.BusValidator }, transaction);
        if (before is null)
        {
            return Problems.NotFound("Bus validator", deviceId);
        }

        if (!await connection.OperatorExistsAsync(body.OperatorId!.Value, transaction))
        {
            return Problems.Invalid("operatorId", $"Transport operator {body.OperatorId} does not exist.");
        }

        if (body.VehicleId is { } vehicleId && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM transport_vehicles WHERE id = @vehicleId AND operator_id = @OperatorId", new { vehicleId, body.OperatorId },
                transaction) == 0)
        {
            return Problems.Invalid("vehicleId", $"Operator {body.OperatorId} has no vehicle {vehicleId}.");
        }

        await connection.ExecuteAsync("""
            INSERT INTO bus_validators (device_id, operator_id, vehicle_id, linked_at) VALUES (@deviceId, @OperatorId, @VehicleId, @now)
            ON CONFLICT (device_id) DO UPDATE SET operator_id = excluded.operator_id, vehicle_id = excluded.vehicle_id, linked_at = excluded.linked_at
            """, new { deviceId, body.OperatorId, body.VehicleId, now = time.NowMs() }, transaction);
        var after = await connection.QuerySingleAsync<BusValidator>(SelectValidators + " WHERE d.device_id = @deviceId", new { deviceId }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "bus-validator", deviceId, before.SchoolId, before, after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
