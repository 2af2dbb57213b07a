using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Attendance;

/// <summary>
/// A school's attendance settings (attendance_settings; a school without a row has <see cref="Defaults"/>).
/// Absence alerts are off until a school admin turns them on: a gateway upgraded at a school whose
/// calendar nobody entered yet must not tell every parent their child is absent on a holiday.
/// </summary>
/// <param name="AbsenceAlerts">Guardians of a child not in by the absent-after time get a message.</param>
/// <param name="LateGraceMinutes">An arrival up to this many minutes after the shift starts is not late.</param>
public sealed record AttendanceSettings(bool AbsenceAlerts, int LateGraceMinutes)
{
    public const int MaxLateGraceMinutes = 60;

    public static AttendanceSettings Defaults { get; } = new(false, 0);

    private sealed record Row(long AbsenceAlerts, long LateGraceMinutes);

    public static async Task<AttendanceSettings> LoadAsync(DbConnection connection, long schoolId, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT absence_alerts AS AbsenceAlerts, late_grace_minutes AS LateGraceMinutes FROM attendance_settings WHERE school_id = @schoolId",
            new { schoolId }, transaction) is { } row
            ? new AttendanceSettings(row.AbsenceAlerts != 0, (int)row.LateGraceMinutes)
            : Defaults;

    public Task SaveAsync(DbConnection connection, long schoolId, DbTransaction transaction) =>
        connection.ExecuteAsync("""
            INSERT INTO attendance_settings (school_id, absence_alerts, late_grace_minutes) VALUES (@schoolId, @alerts, @LateGraceMinutes)
            ON CONFLICT (school_id) DO UPDATE SET absence_alerts = excluded.absence_alerts, late_grace_minutes = excluded.late_grace_minutes
            """, new { schoolId, alerts = AbsenceAlerts ? 1 : 0, LateGraceMinutes }, transaction);
}
