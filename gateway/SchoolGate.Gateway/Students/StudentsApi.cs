using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Biometrics;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Students;

/// <param name="SchoolId">Required for a region admin; a school's staff may omit it (their own school).</param>
public sealed record CreateStudent(
    [property: Range(1, long.MaxValue, ErrorMessage = "schoolId must be a positive id.")] long? SchoolId,
    [property: Required(ErrorMessage = "firstName is required."), StringLength(100, ErrorMessage = "firstName must be at most 100 characters.")] string? FirstName,
    [property: Required(ErrorMessage = "lastName is required."), StringLength(100, ErrorMessage = "lastName must be at most 100 characters.")] string? LastName);

public sealed record UpdateStudent([property: Required(ErrorMessage = "active is required (true or false).")] bool? Active);

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

    public static RouteGroupBuilder MapStudentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/students").WithTags("Students");
        group.MapPost("/", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin).WithSummary("Register a student");
        group.MapGet("/", ListAsync).WithSummary("Students, of one school or (region admins) all");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One student with guardians and card ids");
        group.MapPatch("/{id:long}", UpdateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Activate or deactivate a student (a deactivated student's cards stop opening the entrance)");
        group.MapPost("/{id:long}/guardians/{guardianId:long}", LinkGuardianAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Link a guardian to a student (the guardian then gets the student's messages)");
        return api;
    }

    private static async Task<Results<Created<Student>, ValidationProblem>> CreateAsync(
        CreateStudent body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
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

        var student = new Student(0, schoolId.Value, body.FirstName!.Trim(), body.LastName!.Trim(), true);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO students (school_id, first_name, last_name, active) VALUES (@SchoolId, @FirstName, @LastName, 1) RETURNING id",
            student, transaction);
        student = student with { Id = id };
        await audit.RecordAsync(connection, transaction, actor, "create", "student", id, student.SchoolId, null, student);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/students/{id}", student);
    }

    private static async Task<Results<Ok<Student[]>, ProblemHttpResult>> ListAsync(
        long? schoolId, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (schoolId is { } asked && (!user.CanSee(asked) || !await connection.SchoolExistsAsync(asked)))
        {
            return Problems.NotFound("School", asked);
        }

        var rows = await connection.QueryAsync<StudentRow>(
            SelectStudent + " WHERE (@schoolId IS NULL OR school_id = @schoolId) AND (@scope IS NULL OR school_id = @scope) ORDER BY id",
            new { schoolId, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => r.ToStudent()).ToArray());
    }

    private static async Task<Results<Ok<StudentDetails>, ProblemHttpResult>> GetAsync(
        long id, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var student = (await connection.QuerySingleOrDefaultAsync<StudentRow>(SelectStudent + " WHERE id = @id", new { id }))?.ToStudent();
        if (student is null || !user.CanSee(student.SchoolId))
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

    private static async Task<Results<Ok<Student>, ProblemHttpResult>> UpdateAsync(
        long id, UpdateStudent body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, AccessListPublisher accessLists,
        TemplateRemoval fingerprints, TemplateDeletionSender templateDeletes, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = (await connection.QuerySingleOrDefaultAsync<StudentRow>(SelectStudent + " WHERE id = @id", new { id }, transaction))?.ToStudent();
        if (before is null || !user.CanSee(before.SchoolId))
        {
            return Problems.NotFound("Student", id);
        }

        await connection.ExecuteAsync("UPDATE students SET active = @active WHERE id = @id",
            new { id, active = body.Active!.Value ? 1 : 0 }, transaction);
        var after = before with { Active = body.Active.Value };
        await audit.RecordAsync(connection, transaction, actor, "update", "student", id, before.SchoolId, before, after);
        // A student who leaves keeps no fingerprint on any turnstile; re-activating enrolls afresh.
        IReadOnlyList<string> devices = after.Active ? [] : await fingerprints.RemoveForStudentAsync(connection, transaction, actor, id, "student deactivated");
        await transaction.CommitAsync(ct);
        accessLists.StudentChanged(id);
        templateDeletes.SendNow(devices);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LinkGuardianAsync(
        long id, long guardianId, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        if (!await connection.GuardianVisibleAsync(guardianId, user.ScopeSchoolId))
        {
            return Problems.NotFound("Guardian", guardianId);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO student_guardians (student_id, guardian_id) VALUES (@id, @guardianId) ON CONFLICT DO NOTHING",
            new { id, guardianId }, transaction);
        if (inserted == 0)
        {
            return Problems.Conflict($"Guardian {guardianId} is already linked to student {id}.");
        }

        await audit.RecordAsync(connection, transaction, actor, "link", "student-guardian", $"{id}:{guardianId}", schoolId, null,
            new { studentId = id, guardianId });
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
