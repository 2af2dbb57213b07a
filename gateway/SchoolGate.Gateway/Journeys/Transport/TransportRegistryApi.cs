using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schools;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys.Transport;

public sealed record CreateTransportOperator(
    [property: Required(ErrorMessage = "name is required."), StringLength(100, MinimumLength = 1, ErrorMessage = "name must be 1-100 characters.")] string? Name);

/// <param name="Number">The route's number as on the bus, e.g. "12" or "12A".</param>
public sealed record CreateTransportRoute(
    [property: Required(ErrorMessage = "number is required."), StringLength(OperatorTaps.MaxNumberLength, MinimumLength = 1,
        ErrorMessage = "number must be 1-20 characters.")] string? Number,
    [property: StringLength(100, ErrorMessage = "name must be at most 100 characters.")] string? Name);

/// <param name="Number">The operator's own number of the vehicle, e.g. "045".</param>
public sealed record CreateTransportVehicle(
    [property: Required(ErrorMessage = "number is required."), StringLength(OperatorTaps.MaxNumberLength, MinimumLength = 1,
        ErrorMessage = "number must be 1-20 characters.")] string? Number,
    [property: StringLength(20, ErrorMessage = "plate must be at most 20 characters.")] string? Plate);

public sealed record TransportOperator(long Id, string Name, DateTimeOffset CreatedAt);

public sealed record TransportRoute(long Id, long OperatorId, string Number, string? Name);

public sealed record TransportVehicle(long Id, long OperatorId, string Number, string? Plate);

/// <summary>
/// The region's transport registry: operators and their routes and vehicles. Region admins keep
/// it; school admins read it (to know which bus is which). Every write is audited (no school: the
/// registry is the region's).
/// </summary>
public static class TransportRegistryApi
{
    private sealed record OperatorRow(long Id, string Name, long CreatedAt)
    {
        public TransportOperator ToOperator() => new(Id, Name, UnixTime.FromMs(CreatedAt));
    }

    public static RouteGroupBuilder MapTransportRegistryApi(this RouteGroupBuilder transport)
    {
        transport.MapGet("/operators", ListOperatorsAsync).WithSummary("Transport operators");
        transport.MapPost("/operators", CreateOperatorAsync).RequireAuthorization(StaffPolicies.RegionAdmin).WithSummary("Register a transport operator");
        transport.MapGet("/operators/{id:long}/routes", ListRoutesAsync).WithSummary("An operator's routes");
        transport.MapPost("/operators/{id:long}/routes", CreateRouteAsync).RequireAuthorization(StaffPolicies.RegionAdmin)
            .WithSummary("Register a route of an operator");
        transport.MapGet("/operators/{id:long}/vehicles", ListVehiclesAsync).WithSummary("An operator's vehicles");
        transport.MapPost("/operators/{id:long}/vehicles", CreateVehicleAsync).RequireAuthorization(StaffPolicies.RegionAdmin)
            .WithSummary("Register a vehicle of an operator");
        return transport;
    }

    /// <summary>Whether the operator exists (an id of none answers 404).</summary>
    public static async Task<bool> OperatorExistsAsync(this System.Data.Common.DbConnection connection, long id,
        System.Data.Common.DbTransaction? transaction = null) =>
        await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM transport_operators WHERE id = @id", new { id }, transaction) > 0;

    private static async Task<Ok<TransportOperator[]>> ListOperatorsAsync(IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<OperatorRow>(
            "SELECT id AS Id, name AS Name, created_at AS CreatedAt FROM transport_operators ORDER BY id");
        return TypedResults.Ok(rows.Select(r => r.ToOperator()).ToArray());
    }

    private static async Task<Results<Created<TransportOperator>, ProblemHttpResult>> CreateOperatorAsync(CreateTransportOperator body,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var name = body.Name!.Trim();
        var now = time.NowMs();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO transport_operators (name, name_key, created_at) VALUES (@name, @key, @now) ON CONFLICT DO NOTHING RETURNING id
            """, new { name, key = SchoolNames.Key(name), now }, transaction);
        if (id is null)
        {
            return Problems.Conflict($"A transport operator named '{name}' already exists (names are compared without case).");
        }

        var created = new TransportOperator(id.Value, name, UnixTime.FromMs(now));
        await audit.RecordAsync(connection, transaction, actor, "create", "transport-operator", created.Id, null, null, created);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/transport/operators/{created.Id}", created);
    }

    private static async Task<Results<Ok<TransportRoute[]>, ProblemHttpResult>> ListRoutesAsync(long id, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.OperatorExistsAsync(id))
        {
            return Problems.NotFound("Transport operator", id);
        }

        var rows = await connection.QueryAsync<TransportRoute>("""
            SELECT id AS Id, operator_id AS OperatorId, number AS Number, name AS Name FROM transport_routes WHERE operator_id = @id ORDER BY number
            """, new { id });
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Created<TransportRoute>, ProblemHttpResult>> CreateRouteAsync(long id, CreateTransportRoute body,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var number = body.Number!.Trim();
        var name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await connection.OperatorExistsAsync(id, transaction))
        {
            return Problems.NotFound("Transport operator", id);
        }

        var routeId = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO transport_routes (operator_id, number, name, created_at) VALUES (@id, @number, @name, @now) ON CONFLICT DO NOTHING RETURNING id
            """, new { id, number, name, now = time.NowMs() }, transaction);
        if (routeId is null)
        {
            return Problems.Conflict($"Operator {id} already has a route {number}.");
        }

        var route = new TransportRoute(routeId.Value, id, number, name);
        await audit.RecordAsync(connection, transaction, actor, "create", "transport-route", route.Id, null, null, route);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/transport/operators/{id}/routes", route);
    }

    private static async Task<Results<Ok<TransportVehicle[]>, ProblemHttpResult>> ListVehiclesAsync(long id, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.OperatorExistsAsync(id))
        {
            return Problems.NotFound("Transport operator", id);
        }

        var rows = await connection.QueryAsync<TransportVehicle>("""
            SELECT id AS Id, operator_id AS OperatorId, number AS Number, plate AS Plate FROM transport_vehicles WHERE operator_id = @id ORDER BY number
            """, new { id });
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Created<TransportVehicle>, ProblemHttpResult>> CreateVehicleAsync(long id, CreateTransportVehicle body,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var number = body.Number!.Trim();
        var plate = string.IsNullOrWhiteSpace(body.Plate) ? null : body.Plate.Trim();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await connection.OperatorExistsAsync(id, transaction))
        {
            return Problems.NotFound("Transport operator", id);
        }

        var vehicleId = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO transport_vehicles (operator_id, number, plate, created_at) VALUES (@id, @number, @plate, @now) ON CONFLICT DO NOTHING RETURNING id
            """, new { id, number, plate, now = time.NowMs() }, transaction);
        if (vehicleId is null)
        {
            return Problems.Conflict($"Operator {id} already has a vehicle {number}.");
        }

        var vehicle = new TransportVehicle(vehicleId.Value, id, number, plate);
        await audit.RecordAsync(connection, transaction, actor, "create", "transport-vehicle", vehicle.Id, null, null, vehicle);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/transport/operators/{id}/vehicles", vehicle);
    }
}
