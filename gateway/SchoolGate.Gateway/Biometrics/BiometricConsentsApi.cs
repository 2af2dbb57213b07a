using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

/// <summary>
/// A guardian's consent to the fingerprint credential: recorded by a school admin, with who gave
/// it (a guardian of this student), how, where the document is, who recorded it and when. One
/// consent is in force per student at a time. A revocation (any guardian may withdraw; the school
/// records it) keeps the consent in the history and ends every enrollment of the student at once.
/// </summary>
public static class BiometricConsentsApi
{
    public static void Map(RouteGroupBuilder students)
    {
        students.MapPost("/{id:long}/biometric-consents", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Record a guardian's consent to the fingerprint credential");
        students.MapGet("/{id:long}/biometric-consents", ListAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The student's consent history (consents in force and revoked ones)");
        students.MapPost("/{id:long}/biometric-consents/{consentId:long}/revoke", RevokeAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Revoke a consent: the student's fingerprints stop opening at once, the turnstiles are told to delete the templates");
    }

    private static async Task<Results<Created<BiometricConsent>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        long id, CreateBiometricConsent body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time,
        CancellationToken ct)
    {
        var checks = new FieldChecks().OneOf("method", body.Method, ConsentMethods.All);
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var linked = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM student_guardians WHERE student_id = @id AND guardian_id = @GuardianId", new { id, body.GuardianId });
        if (linked == 0)
        {
            return Problems.Invalid("guardianId", $"Guardian {body.GuardianId} is not a guardian of student {id}.");
        }

        var row = new ConsentRow(0, id, schoolId, body.GuardianId!.Value, body.Method!, Blank(body.DocumentRef), time.NowMs(), actor.Login,
            id, null, null, null);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var consentId = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO biometric_consents (student_id, school_id, guardian_id, method, document_ref, recorded_at, recorded_by, active_student_id)
            VALUES (@StudentId, @SchoolId, @GuardianId, @Method, @DocumentRef, @RecordedAt, @RecordedBy, @ActiveStudentId)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            row, transaction);
        if (consentId is null)
        {
            return Problems.Conflict($"Student {id} already has a biometric consent in force; revoke it before recording another.");
        }

        var consent = (row with { Id = consentId.Value }).ToConsent();
        await audit.RecordAsync(connection, transaction, actor, "create", "biometric-consent", consent.Id, schoolId, null, consent);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/students/{id}/biometric-consents/{consent.Id}", consent);
    }

    private static async Task<Results<Ok<BiometricConsent[]>, ProblemHttpResult>> ListAsync(
        long id, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var rows = await connection.QueryAsync<ConsentRow>(ConsentRow.Select + " WHERE student_id = @id ORDER BY id", new { id });
        return TypedResults.Ok(rows.Select(r => r.ToConsent()).ToArray());
    }

    private static async Task<Results<Ok<BiometricConsent>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        long id, long consentId, RevokeBiometricConsent body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db,
        TemplateRemoval removal, TemplateDeletionSender sender, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var reason = body.Reason!.Trim();
        if (reason.Length == 0)
        {
            return Problems.Invalid("reason", "reason must not be blank.");
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<ConsentRow>(
            ConsentRow.Select + " WHERE id = @consentId AND student_id = @id", new { id, consentId }, transaction);
        if (before is null || !user.CanSee(before.SchoolId))
        {
            return Problems.NotFound("Biometric consent", consentId);
        }

        var now = time.NowMs();
        // The WHERE makes a second revocation (or one racing this) change nothing: the first one's
        // time is when the consent ended.
        var revoked = await connection.ExecuteAsync("""
            UPDATE biometric_consents SET active_student_id = NULL, revoked_at = @now, revoked_by = @login, revoke_reason = @reason
            WHERE id = @consentId AND active_student_id IS NOT NULL
            """,
            new { consentId, now, login = actor.Login, reason }, transaction);
        if (revoked == 0)
        {
            return Problems.Conflict($"Biometric consent {consentId} was already revoked.");
        }

        var devices = await removal.RemoveForStudentAsync(connection, transaction, actor, id, "consent revoked: " + reason);
        var after = before with { ActiveStudentId = null, RevokedAt = now, RevokedBy = actor.Login, RevokeReason = reason };
        await audit.RecordAsync(connection, transaction, actor, "revoke", "biometric-consent", consentId, before.SchoolId,
            before.ToConsent(), after.ToConsent());
        await transaction.CommitAsync(ct);

        sender.SendNow(devices);
        loggers.CreateLogger("SchoolGate.Biometrics").LogInformation(
            "Biometric consent {ConsentId} of student {StudentId} revoked by {Login}; templates to delete on {Count} device(s)",
            consentId, id, actor.Login, devices.Count);
        return TypedResults.Ok(after.ToConsent());
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
