using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;
using SchoolGate.Gateway.Students;

namespace SchoolGate.Gateway.Roster;

/// <param name="Name">The class as the school writes it, e.g. "5A" or "5Ә"; unique in the school whatever its case.</param>
/// <param name="Shift">1 (morning) or 2 (afternoon): which entry window the class's children get.</param>
/// <param name="TeacherPhone">A Kazakhstan number in any usual spelling; stored as E.164.</param>
/// <param name="TeacherAccountId">The class teacher's staff account of this school, if they have one.</param>
public sealed record ClassInput(
    [property: Required(ErrorMessage = "name is required."), StringLength(20, MinimumLength = 1, ErrorMessage = "name must be 1-20 characters.")] string? Name,
    [property: Required(ErrorMessage = "shift is required (1 or 2)."), Range(1, 2, ErrorMessage = "shift must be 1 or 2.")] int? Shift,
    [property: StringLength(100, ErrorMessage = "teacherName must be at most 100 characters.")] string? TeacherName,
    [property: StringLength(32, ErrorMessage = "teacherPhone must be at most 32 characters.")] string? TeacherPhone,
    [property: Range(1, long.MaxValue, ErrorMessage = "teacherAccountId must be a positive id.")] long? TeacherAccountId);

public sealed record SchoolClass(long Id, long SchoolId, string Name, int Shift, string? TeacherName, string? TeacherPhone, long? TeacherAccountId);

/// <param name="ClassId">The class (of the student's school), or null: no class.</param>
public sealed record PutStudentClass([property: Range(1, long.MaxValue, ErrorMessage = "classId must be a positive id.")] long? ClassId);

public sealed record StudentClass(long StudentId, long? ClassId);

/// <summary>
/// Classes of a school and which class a student is in. No teacher role: staff_accounts.role has a
/// CHECK of the four roles (changing it on SQLite means rebuilding the table), and a teacher who
/// may see only their classes needs a scope below the school on every endpoint; a class names its
/// teacher (and their account, if any) so that role can be added without changing these shapes.
/// </summary>
public static class ClassesApi
{
    private sealed record ClassRow(long Id, long SchoolId, string Name, long Shift, string? TeacherName, string? TeacherPhone, long? TeacherAccountId)
    {
        public SchoolClass ToClass() => new(Id, SchoolId, Name, (int)Shift, TeacherName, TeacherPhone, TeacherAccountId);
    }

    private sealed record StudentRow(long Id, long SchoolId, string FirstName, string LastName, long Active);

    private const string SelectClass = """
        SELECT id AS Id, school_id AS SchoolId, name AS Name, shift AS Shift, teacher_name AS TeacherName, teacher_phone AS TeacherPhone,
               teacher_account_id AS TeacherAccountId FROM classes
        """;

    public static RouteGroupBuilder MapClassesApi(this RouteGroupBuilder school)
    {
        school.MapGet("/classes", ListAsync).WithSummary("The school's classes");
        school.MapPost("/classes", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin).WithSummary("Add a class");
        school.MapGet("/classes/{classId:long}", GetAsync).WithSummary("One class");
        school.MapPut("/classes/{classId:long}", UpdateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Change a class (name, shift, teacher)");
        school.MapDelete("/classes/{classId:long}", DeleteAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Remove a class (its students are left without a class)");
        school.MapGet("/classes/{classId:long}/students", StudentsAsync).WithSummary("The students of a class");
        return school;
    }

    public static RouteGroupBuilder MapStudentClassApi(this RouteGroupBuilder api)
    {
        api.MapPut("/students/{id:long}/class", PutStudentClassAsync).WithTags("Classes").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Put a student into a class of their school (classId null: no class)");
        api.MapGet("/students/{id:long}/class", GetStudentClassAsync).WithTags("Classes").WithSummary("The student's class");
        return api;
    }

    private static async Task<Results<Ok<SchoolClass[]>, ProblemHttpResult>> ListAsync(long id, StaffUser user, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var rows = await connection.QueryAsync<ClassRow>(SelectClass + " WHERE school_id = @id ORDER BY name", new { id });
        return TypedResults.Ok(rows.Select(r => r.ToClass()).ToArray());
    }

    private static async Task<Results<Ok<SchoolClass>, ProblemHttpResult>> GetAsync(long id, long classId, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = user.CanSee(id) ? await FindAsync(connection, id, classId) : null;
        return row is null ? Problems.NotFound("Class", classId) : TypedResults.Ok(row.ToClass());
    }

    private static async Task<Results<Created<SchoolClass>, ValidationProblem, ProblemHttpResult>> CreateAsync(long id, ClassInput body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        if (await ValidateAsync(connection, id, body) is { } invalid)
        {
            return invalid;
        }

        var created = ToClass(0, id, body);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var classId = await connection.QuerySingleOrDefaultAsync<long?>("""
            INSERT INTO classes (school_id, name, shift, teacher_name, teacher_phone, teacher_account_id)
            VALUES (@SchoolId, @Name, @Shift, @TeacherName, @TeacherPhone, @TeacherAccountId) ON CONFLICT DO NOTHING RETURNING id
            """, created, transaction);
        if (classId is null)
        {
            return Problems.Conflict($"The school already has a class named '{created.Name}'.");
        }

        created = created with { Id = classId.Value };
        await audit.RecordAsync(connection, transaction, actor, "create", "class", created.Id, id, null, created);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/schools/{id}/classes/{created.Id}", created);
    }

    private static async Task<Results<Ok<SchoolClass>, ValidationProblem, ProblemHttpResult>> UpdateAsync(long id, long classId, ClassInput body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || await FindAsync(connection, id, classId) is not { } before)
        {
            return Problems.NotFound("Class", classId);
        }

        if (await ValidateAsync(connection, id, body) is { } invalid)
        {
            return invalid;
        }

        var after = ToClass(classId, id, body);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var taken = await connection.ExecuteScalarAsync<long?>("SELECT id FROM classes WHERE school_id = @SchoolId AND name = @Name AND id <> @Id",
            after, transaction);
        if (taken is not null)
        {
            return Problems.Conflict($"The school already has a class named '{after.Name}'.");
        }

        await connection.ExecuteAsync("""
            UPDATE classes SET name = @Name, shift = @Shift, teacher_name = @TeacherName, teacher_phone = @TeacherPhone,
                teacher_account_id = @TeacherAccountId WHERE id = @Id
            """, after, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "class", classId, id, before.ToClass(), after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, long classId, StaffUser user, AuditActor actor,
        AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || await FindAsync(connection, id, classId) is not { } before)
        {
            return Problems.NotFound("Class", classId);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("UPDATE students SET class_id = NULL WHERE class_id = @classId", new { classId }, transaction);
        await connection.ExecuteAsync("DELETE FROM classes WHERE id = @classId", new { classId }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "delete", "class", classId, id, before.ToClass(), null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Student[]>, ProblemHttpResult>> StudentsAsync(long id, long classId, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || await FindAsync(connection, id, classId) is null)
        {
            return Problems.NotFound("Class", classId);
        }

        var rows = await connection.QueryAsync<StudentRow>("""
            SELECT id AS Id, school_id AS SchoolId, first_name AS FirstName, last_name AS LastName, active AS Active
            FROM students WHERE class_id = @classId ORDER BY last_name, first_name, id
            """, new { classId });
        return TypedResults.Ok(rows.Select(r => new Student(r.Id, r.SchoolId, r.FirstName, r.LastName, r.Active != 0)).ToArray());
    }

    private static async Task<Results<Ok<StudentClass>, ProblemHttpResult>> GetStudentClassAsync(long id, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var classId = await connection.ExecuteScalarAsync<long?>("SELECT class_id FROM students WHERE id = @id", new { id });
        return TypedResults.Ok(new StudentClass(id, classId));
    }

    private static async Task<Results<Ok<StudentClass>, ValidationProblem, ProblemHttpResult>> PutStudentClassAsync(long id, PutStudentClass body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        if (body.ClassId is { } classId && await FindAsync(connection, schoolId, classId) is null)
        {
            return Problems.Invalid("classId", $"The student's school has no class {classId}.");
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = new StudentClass(id, await connection.ExecuteScalarAsync<long?>("SELECT class_id FROM students WHERE id = @id", new { id },
            transaction));
        var after = new StudentClass(id, body.ClassId);
        await connection.ExecuteAsync("UPDATE students SET class_id = @ClassId WHERE id = @StudentId", after, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "student-class", id, schoolId, before, after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static Task<ClassRow?> FindAsync(DbConnection connection, long schoolId, long classId) =>
        connection.QuerySingleOrDefaultAsync<ClassRow>(SelectClass + " WHERE id = @classId AND school_id = @schoolId", new { schoolId, classId });

    /// <summary>What the attributes cannot say: the phone's spelling and the teacher's account being of this school.</summary>
    private static async Task<ValidationProblem?> ValidateAsync(DbConnection connection, long schoolId, ClassInput body)
    {
        var checks = new FieldChecks()
            .Check(!string.IsNullOrWhiteSpace(body.Name), "name", "name is required.")
            .Check(string.IsNullOrWhiteSpace(body.TeacherPhone) || PhoneNumbers.TryNormalize(body.TeacherPhone, out _), "teacherPhone",
                PhoneNumbers.Invalid.Replace("phone", "teacherPhone", StringComparison.Ordinal));
        if (body.TeacherAccountId is { } account)
        {
            var accountSchool = await connection.QuerySingleOrDefaultAsync<long?>("SELECT school_id FROM staff_accounts WHERE id = @account",
                new { account });
            checks.Check(accountSchool == schoolId, "teacherAccountId", $"Staff account {account} is not an account of this school.");
        }

        return checks.IsValid ? null : Problems.Invalid(checks.Errors);
    }

    /// <summary>Names are kept upper case ("5a" is "5A"; Kazakh and Russian letters too), so the unique index is case-blind.</summary>
    private static SchoolClass ToClass(long id, long schoolId, ClassInput body)
    {
        PhoneNumbers.TryNormalize(body.TeacherPhone, out var phone);
        return new SchoolClass(id, schoolId, body.Name!.Trim().ToUpperInvariant(), body.Shift!.Value,
            string.IsNullOrWhiteSpace(body.TeacherName) ? null : body.TeacherName.Trim(), phone, body.TeacherAccountId);
    }
}
