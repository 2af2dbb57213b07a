using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schools;

public sealed record CreateSchool(string? Name);

public sealed record School(long Id, string Name);

public static class SchoolsApi
{
    public static IEndpointRouteBuilder MapSchoolsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/schools").WithTags("Schools");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        return app;
    }

    private static async Task<Results<Created<School>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSchool body, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new Validator().Required("name", body.Name, 200);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        var name = body.Name!.Trim();
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(
            "INSERT INTO schools (name) VALUES (@name) ON CONFLICT DO NOTHING RETURNING id", new { name });
        if (id is null)
        {
            return Problems.Conflict($"A school named '{name}' already exists.");
        }

        return TypedResults.Created($"/api/schools/{id}", new School(id.Value, name));
    }

    private static async Task<Ok<School[]>> ListAsync(IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<School>("SELECT id AS Id, name AS Name FROM schools ORDER BY id");
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Ok<School>, ProblemHttpResult>> GetAsync(long id, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var school = await connection.QuerySingleOrDefaultAsync<School>(
            "SELECT id AS Id, name AS Name FROM schools WHERE id = @id", new { id });
        return school is null ? Problems.NotFound("School", id) : TypedResults.Ok(school);
    }
}
