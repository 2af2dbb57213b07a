using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

/// <summary>
/// Enrollments: "template N of turnstile D is this student's finger". The finger is enrolled on
/// the turnstile's module itself (the template stays there); the school admin then maps the slot
/// number the module shows, which needs a consent in force.
/// </summary>
public static class BiometricTemplatesApi
{
    private sealed record StudentRow(long SchoolId, long Active);

    private sealed record DeviceRow(long SchoolId, string Kind);

    public static void Map(RouteGroupBuilder students)
    {
        students.MapPost("/{id:long}/biometric-templates", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Map a turnstile's fingerprint template to the student (needs a guardian's consent in force)");
        students.MapGet("/{id:long}/biometric-templates", ListAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The student's enrollments: active, deleting (the device has not confirmed) or deleted");
        students.MapPost("/{id:long}/biometric-templates/{enrollmentId:long}/remove", RemoveAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Remove one enrollment: the template stops opening at once, the turnstile is told to delete it");
    }

    private static async Task<Results<Created<BiometricEnrollment>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        long id, CreateBiometricEnrollment body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var student = await connection.QuerySingleOrDefaultAsync<StudentRow>(
            "SELECT school_id AS SchoolId, active AS Active FROM students WHERE id = @id", new { id });
        if (student is null || !user.CanSee(student.SchoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var device = await connection.QuerySingleOrDefaultAsync<DeviceRow>(
            "SELECT school_id AS SchoolId, kind AS Kind FROM devices WHERE device_id = @DeviceId", body);
        // Another school's device answers like an unknown one: its id does not leak.
        if (device is null || device.SchoolId != student.SchoolId)
        {
            return Problems.Invalid("deviceId", $"Device '{body.DeviceId}' is not a device of the student's school.");
        }

        if (device.Kind != DeviceKinds.Turnstile)
        {
            return Problems.Invalid("deviceId", $"Device '{body.DeviceId}' is a {device.Kind}; fingerprints are read by turnstiles.");
        }

        if (student.Active == 0)
        {
            return Problems.Conflict($"Student {id} is deactivated; activate the student before enrolling a fingerprint.");
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The no-op UPDATE locks the consent row (PostgreSQL) for the rest of this transaction: a
        // revocation running at the same time waits for the enrollment and then ends it too,
        // instead of missing an enrollment it could not see yet.
        var consentId = await connection.ExecuteScalarAsync<long?>(
            "UPDATE biometric_consents SET active_student_id = active_student_id WHERE active_student_id = @id RETURNING id",
            new { id }, transaction);
        if (consentId is null)
        {
            return Problems.Conflict($"Student {id} has no biometric consent in force: record a guardian's consent first.");
        }

        var now = time.NowMs();
        var row = new EnrollmentRow(0, id, student.SchoolId, body.DeviceId!, body.TemplateId!.Value, consentId.Value, EnrollmentStates.Active,
            now, actor.Login, null, null, null, null, 0, null);
        var enrollmentId = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO biometric_enrollments (student_id, school_id, device_id, template_id, consent_id, status, slot, enrolled_at, enrolled_by)
            VALUES (@StudentId, @SchoolId, @DeviceId, @TemplateId, @ConsentId, 'active', @slot, @EnrolledAt, @EnrolledBy)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            new { row.StudentId, row.SchoolId, row.DeviceId, row.TemplateId, row.ConsentId, slot = TemplateRemoval.Slot(row.DeviceId, row.TemplateId),
                row.EnrolledAt, row.EnrolledBy },
            transaction);
        if (enrollmentId is null)
        {
            return Problems.Conflict(
                $"Template {body.TemplateId} of device '{body.DeviceId}' is enrolled already, or its delete is not confirmed by the device yet.");
        }

        var enrollment = (row with { Id = enrollmentId.Value }).ToEnrollment();
        await audit.RecordAsync(connection, transaction, actor, "create", "biometric-enrollment", enrollment.Id, student.SchoolId, null, enrollment);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/students/{id}/biometric-templates/{enrollment.Id}", enrollment);
    }

    private static async Task<Results<Ok<BiometricEnrollment[]>, ProblemHttpResult>> ListAsync(
        long id, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var rows = await connection.QueryAsync<EnrollmentRow>(EnrollmentRow.Select + " WHERE student_id = @id ORDER BY id", new { id });
        return TypedResults.Ok(rows.Select(r => r.ToEnrollment()).ToArray());
    }

    private static async Task<Results<Ok<BiometricEnrollment>, ProblemHttpResult>> RemoveAsync(
        long id, long enrollmentId, RemoveBiometricEnrollment? body, StaffUser user, AuditActor actor, IDbConnectionFactory db,
        TemplateRemoval removal, TemplateDeletionSender sender, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<EnrollmentRow>(
            EnrollmentRow.Select + " WHERE id = @enrollmentId AND student_id = @id", new { id, enrollmentId }, transaction);
        if (before is null || !user.CanSee(before.SchoolId))
        {
            return Problems.NotFound("Biometric enrollment", enrollmentId);
        }

        var reason = string.IsNullOrWhiteSpace(body?.Reason) ? "enrollment removed" : body.Reason.Trim();
        var devices = await removal.RemoveOneAsync(connection, transaction, actor, enrollmentId, reason);
        if (devices.Count == 0)
        {
            return Problems.Conflict($"Biometric enrollment {enrollmentId} is {before.Status} already.");
        }

        var after = await connection.QuerySingleAsync<EnrollmentRow>(EnrollmentRow.Select + " WHERE id = @enrollmentId", new { enrollmentId }, transaction);
        await transaction.CommitAsync(ct);
        sender.SendNow(devices);
        return TypedResults.Ok(after.ToEnrollment());
    }
}
