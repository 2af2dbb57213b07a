using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

/// <summary>
/// Ends enrollments in the caller's transaction: from its commit on the templates open nothing
/// (the access decision reads 'active' only), and each becomes a pending delete command for its
/// device, which <see cref="TemplateDeletionSender"/> delivers until the device confirms. The
/// caller wakes the sender after the commit.
/// </summary>
public sealed class TemplateRemoval(AuditLog audit, TimeProvider time)
{
    /// <summary>The slot key of a template while it is on the module (UNIQUE in biometric_enrollments).</summary>
    public static string Slot(string deviceId, long templateId) =>
        deviceId + "/" + templateId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Removes every active enrollment of the student; returns the devices that now owe a delete.</summary>
    public Task<IReadOnlyList<string>> RemoveForStudentAsync(DbConnection connection, DbTransaction transaction, AuditActor actor,
        long studentId, string reason) =>
        RemoveAsync(connection, transaction, actor, "student_id = @studentId AND status = 'active'", new { studentId }, reason);

    /// <summary>Removes one enrollment if it is active; returns its device, or nothing when it was not active.</summary>
    public Task<IReadOnlyList<string>> RemoveOneAsync(DbConnection connection, DbTransaction transaction, AuditActor actor,
        long enrollmentId, string reason) =>
        RemoveAsync(connection, transaction, actor, "id = @enrollmentId AND status = 'active'", new { enrollmentId }, reason);

    private async Task<IReadOnlyList<string>> RemoveAsync(DbConnection connection, DbTransaction transaction, AuditActor actor,
        string where, object parameters, string reason)
    {
        var before = (await connection.QueryAsync<EnrollmentRow>(EnrollmentRow.Select + " WHERE " + where, parameters, transaction)).ToList();
        var now = time.NowMs();
        foreach (var row in before)
        {
            await connection.ExecuteAsync("""
                UPDATE biometric_enrollments SET status = 'deleting', removed_at = @now, removed_by = @login, remove_reason = @reason
                WHERE id = @Id AND status = 'active'
                """,
                new { row.Id, now, login = actor.Login, reason }, transaction);
            var after = row with { Status = EnrollmentStates.Deleting, RemovedAt = now, RemovedBy = actor.Login, RemoveReason = reason };
            await audit.RecordAsync(connection, transaction, actor, "remove", "biometric-enrollment", row.Id, row.SchoolId,
                row.ToEnrollment(), after.ToEnrollment());
        }

        return before.Select(r => r.DeviceId).Distinct(StringComparer.Ordinal).ToList();
    }
}
