using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Delivery;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Attendance;

/// <summary>
/// Every Attendance:AbsenceCheckSeconds (on the gateway's <see cref="TimeProvider"/>), for each
/// school with absence alerts on and a school day today: every active child still not in after
/// their shift's absent-after time (and before the shift ends; after it an alert is no use) gets one
/// absence_alerts row and their guardians one message each, in one transaction. The row's primary
/// key (student, day) decides who alerts: a restart, a second pass or a second gateway on the same
/// PostgreSQL finds it taken and queues nothing; the outbox key absent:{student}:{day}:{guardian}
/// backs that up. Safety priority, as <see cref="DeliveryPriority"/> says of "absent": it passes quiet
/// hours and digests (a digest at 19:00 would tell a parent too late). No follow-up when the child
/// then arrives: the ordinary arrival message already says so, and the alert is cleared (late).
/// </summary>
public sealed class AbsenceMonitor(IDbConnectionFactory db, SchoolDayAttendance days, SchoolShifts shifts, SchoolClock clock,
    StudentGuardians guardians, OutboxSignal signal, Diagnostics.GatewayMetrics metrics, IOptions<AttendanceOptions> options,
    TimeProvider time, ILogger<AbsenceMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.AbsenceCheckSeconds)), time);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Checking for absent children failed; trying again at the next check");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One pass over every school; returns how many children were newly alerted.</summary>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var now = clock.ToLocal(time.GetUtcNow());
        var nowMinute = now.Hour * 60 + now.Minute;
        await using var connection = await db.OpenAsync(ct);
        var schools = await connection.QueryAsync<long>(
            "SELECT school_id FROM attendance_settings WHERE absence_alerts = 1 ORDER BY school_id");
        var alerted = 0;
        foreach (var schoolId in schools)
        {
            var schoolShifts = await shifts.EffectiveAsync(schoolId, ct);
            var earliest = int.MaxValue;
            foreach (var shift in schoolShifts)
            {
                earliest = Math.Min(earliest, await shifts.AbsentAfterAsync(schoolId, shift.Shift, ct));
            }

            if (nowMinute < earliest)
            {
                continue;
            }

            var view = await days.LoadAsync(connection, schoolId, today, classId: null, ct);
            if (!view.SchoolDay)
            {
                continue;
            }

            foreach (var student in view.Students.Where(s => s.Status == AttendanceStatus.Absent && s.AlertedAt is null
                && nowMinute < schoolShifts.First(shift => shift.Shift == s.Shift).EndsAt))
            {
                alerted += await AlertAsync(connection, schoolId, view, student, ct);
            }
        }

        if (alerted > 0)
        {
            metrics.AbsenceAlerts.Add(alerted);
            signal.Wake();
            logger.LogInformation("Absence alerts: {Count} children not in by their absent-after time on {Day}", alerted, SchoolCalendar.Day(today));
        }

        return alerted;
    }

    private async Task<int> AlertAsync(DbConnection connection, long schoolId, SchoolDayView view, StudentAttendance student,
        CancellationToken ct)
    {
        var at = time.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The arrival may have been stored since the view was read: checked again in the INSERT itself.
        var claimed = await connection.ExecuteAsync("""
            INSERT INTO absence_alerts (student_id, school_day, school_id, class_id, alerted_at, guardians_told)
            SELECT @StudentId, @day, @schoolId, @ClassId, @at, 0
            WHERE NOT EXISTS (SELECT 1 FROM attendance WHERE student_id = @StudentId AND school_day = @day AND arrived_at IS NOT NULL)
            ON CONFLICT DO NOTHING
            """, new { student.StudentId, student.ClassId, day = view.Date, schoolId, at = at.ToUnixTimeMilliseconds() }, transaction);
        if (claimed == 0)
        {
            return 0;
        }

        var absentAfter = view.AbsentAfter[student.Shift];
        // The outbox key absent:{student}:{day}:{guardian} (StudentGuardians adds the guardian).
        var queued = await guardians.QueueAsync(connection, transaction, new StudentGuardians.Message(student.StudentId,
            language => MessageTemplates.ForAbsence(language, student.FirstName, absentAfter), DeliveryPriority.Safety, "absent", at,
            $"absent:{student.StudentId}:{view.Date}"), afterCommit: _ => { }); // CheckAsync wakes the engine once, after every school
        await connection.ExecuteAsync("UPDATE absence_alerts SET guardians_told = @queued WHERE student_id = @StudentId AND school_day = @day",
            new { queued, student.StudentId, day = view.Date }, transaction);
        await transaction.CommitAsync(ct);
        return 1;
    }
}
