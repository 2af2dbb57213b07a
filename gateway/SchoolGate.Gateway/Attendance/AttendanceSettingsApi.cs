using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Attendance;

/// <summary>A change of a school's attendance settings: a field left out (null) keeps its value.</summary>
public sealed record PutAttendanceSettings(bool? AbsenceAlerts, int? LateGraceMinutes);

public sealed record SchoolAttendanceSettings(long SchoolId, bool AbsenceAlerts, int LateGraceMinutes);

public static class AttendanceSettingsApi
{
    public static RouteGroupBuilder MapAttendanceSettingsApi(this RouteGroupBuilder school)
    {
        school.MapGet("/attendance/settings", GetAsync).WithSummary("Whether guardians get absence alerts; the late grace minutes");
        school.MapPut("/attendance/settings", PutAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Turn absence alerts on or off; the minutes after a shift starts before an arrival counts late");
        return school;
    }

    private static async Task<Results<Ok<SchoolAttendanceSettings>, ProblemHttpResult>> GetAsync(long id, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.SchoolVisibleAsync(user, id)
            ? TypedResults.Ok(View(id, await AttendanceSettings.LoadAsync(connection, id)))
            : Problems.NotFound("School", id);
    }

    private static async Task<Results<Ok<SchoolAttendanceSettings>, ValidationProblem, ProblemHttpResult>> PutAsync(long id,
        PutAttendanceSettings body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        if (body.LateGraceMinutes is < 0 or > AttendanceSettings.MaxLateGraceMinutes)
        {
            return Problems.Invalid("lateGraceMinutes", $"lateGraceMinutes must be between 0 and {AttendanceSettings.MaxLateGraceMinutes}.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await AttendanceSettings.LoadAsync(connection, id, transaction);
        var after = new AttendanceSettings(body.AbsenceAlerts ?? before.AbsenceAlerts, body.LateGraceMinutes ?? before.LateGraceMinutes);
        await after.SaveAsync(connection, id, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "attendance-settings", id, id, View(id, before), View(id, after));
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(View(id, after));
    }

    private static SchoolAttendanceSettings View(long id, AttendanceSettings s) => new(id, s.AbsenceAlerts, s.LateGraceMinutes);
}
