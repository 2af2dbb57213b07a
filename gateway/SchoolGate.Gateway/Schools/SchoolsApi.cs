using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schools;

public sealed record CreateSchool(
    [property: Required(ErrorMessage = "name is required."), StringLength(200, ErrorMessage = "name must be at most 200 characters.")] string? Name);

public sealed record School(long Id, string Name);

public static class SchoolsApi
{
    public static RouteGroupBuilder MapSchoolsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/schools").WithTags("Schools");
        group.MapPost("/", CreateAsync).RequireAuthorization(StaffPolicies.RegionAdmin).WithSummary("Register a school (region admins)");
        group.MapGet("/", ListAsync).WithSummary("Schools (a school's staff see their own)");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One school");
        return api;
    }

    private static async Task<Results<Created<School>, ProblemHttpResult>> CreateAsync(
        CreateSchool body, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var name = body.Name!.Trim();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(
            "INSERT INTO schools (name, name_key) VALUES (@name, @key) ON CONFLICT DO NOTHING RETURNING id",
            new { name, key = SchoolNames.Key(name) }, transaction);
        if (id is null)
        {
            return Problems.Conflict($"A school named '{name}' already exists (names are compared without case).");
        }

        var school = new School(id.Value, name);
        await audit.RecordAsync(connection, transaction, actor, "create", "school", school.Id, school.Id, null, school);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/schools/{id}", school);
    }

    private static async Task<Ok<School[]>> ListAsync(StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<School>(
            "SELECT id AS Id, name AS Name FROM schools WHERE @scope IS NULL OR id = @scope ORDER BY id", new { scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Ok<School>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        if (!user.CanSee(id))
        {
            return Problems.NotFound("School", id);
        }

        await using var connection = await db.OpenAsync(ct);
        var school = await connection.QuerySingleOrDefaultAsync<School>(
            "SELECT id AS Id, name AS Name FROM schools WHERE id = @id", new { id });
        return school is null ? Problems.NotFound("School", id) : TypedResults.Ok(school);
    }
}
