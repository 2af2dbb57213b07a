using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Students;

public sealed record CreateStudent(long? SchoolId, string? FirstName, string? LastName);

public sealed record UpdateStudent(bool? Active);

public sealed record Student(long Id, long SchoolId, string FirstName, string LastName, bool Active);

public sealed record StudentDetails(long Id, long SchoolId, string FirstName, string LastName, bool Active,
    IReadOnlyList<Guardian> Guardians, IReadOnlyList<string> CardIds);

public static class StudentsApi
{
    private sealed record StudentRow(long Id, long SchoolId, string FirstName, string LastName, long Active)
    {
        public Student ToStudent() => new(Id, SchoolId, FirstName, LastName, Active != 0);
    }

    private const string SelectStudent =
        "SELECT id AS Id, school_id AS SchoolId, first_name AS FirstName, last_name AS LastName, active AS Active FROM students";

    public static IEndpointRouteBuilder MapStudentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/students").WithTags("Students");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPatch("/{id:long}", UpdateAsync);
        group.MapPost("/{id:long}/guardians/{guardianId:long}", LinkGuardianAsync);
        return app;
    }

    private static async Task<Results<Created<Student>, ValidationProblem>> CreateAsync(
        CreateStudent body, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new Validator()
            .PositiveId("schoolId", body.SchoolId)
            .Required("firstName", body.FirstName)
            .Required("lastName", body.LastName);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolExistsAsync(body.SchoolId))
        {
            return Problems.Invalid("schoolId", $"School {body.SchoolId} does not exist.");
        }

        var student = new Student(0, body.SchoolId!.Value, body.FirstName!.Trim(), body.LastName!.Trim(), true);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO students (school_id, first_name, last_name, active) VALUES (@SchoolId, @FirstName, @LastName, 1) RETURNING id",
            student);
        return TypedResults.Created($"/api/students/{id}", student with { Id = id });
    }

    private static async Task<Ok<Student[]>> ListAsync(long? schoolId, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<StudentRow>(
            SelectStudent + " WHERE @schoolId IS NULL OR school_id = @schoolId ORDER BY id", new { schoolId });
        return TypedResults.Ok(rows.Select(r => r.ToStudent()).ToArray());
    }

    private static async Task<Results<Ok<StudentDetails>, ProblemHttpResult>> GetAsync(
        long id, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var student = (await connection.QuerySingleOrDefaultAsync<StudentRow>(SelectStudent + " WHERE id = @id", new { id }))?.ToStudent();
        if (student is null)
        {
            return Problems.NotFound("Student", id);
        }

        var guardians = await connection.QueryAsync<Guardian>(
            GuardiansApi.SelectGuardian + " JOIN student_guardians sg ON sg.guardian_id = g.id WHERE sg.student_id = @id ORDER BY g.id",
            new { id });
        var cards = await connection.QueryAsync<string>("SELECT card_id FROM cards WHERE student_id = @id ORDER BY card_id", new { id });
        return TypedResults.Ok(new StudentDetails(student.Id, student.SchoolId, student.FirstName, student.LastName,
            student.Active, guardians.ToArray(), cards.ToArray()));
    }

    private static async Task<Results<Ok<Student>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, UpdateStudent body, IDbConnectionFactory db, AccessListPublisher accessLists, CancellationToken ct)
    {
        if (body.Active is null)
        {
            return Problems.Invalid("active", "active is required (true or false).");
        }

        await using var connection = await db.OpenAsync(ct);
        var updated = await connection.ExecuteAsync("UPDATE students SET active = @active WHERE id = @id",
            new { id, active = body.Active.Value ? 1 : 0 });
        if (updated == 0)
        {
            return Problems.NotFound("Student", id);
        }

        accessLists.StudentChanged(id);
        var student = await connection.QuerySingleAsync<StudentRow>(SelectStudent + " WHERE id = @id", new { id });
        return TypedResults.Ok(student.ToStudent());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LinkGuardianAsync(
        long id, long guardianId, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.StudentExistsAsync(id))
        {
            return Problems.NotFound("Student", id);
        }

        if (!await connection.GuardianExistsAsync(guardianId))
        {
            return Problems.NotFound("Guardian", guardianId);
        }

        var inserted = await connection.ExecuteAsync(
            "INSERT INTO student_guardians (student_id, guardian_id) VALUES (@id, @guardianId) ON CONFLICT DO NOTHING",
            new { id, guardianId });
        return inserted == 0
            ? Problems.Conflict($"Guardian {guardianId} is already linked to student {id}.")
            : TypedResults.NoContent();
    }
}
