using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// What attendance and the roster import need on top of migration 10:
/// <list type="bullet">
/// <item><c>attendance.last_entered_at</c>: the latest entry of the day, so "left early" can tell a
/// child who went out at 11:00 and came back from one who went home.</item>
/// <item><c>absence_alerts</c>: one row per (student, school day) once the child counted absent and
/// their guardians were told. Its primary key is what makes the alert once-only across restarts and
/// two gateways on one database: only the instance whose INSERT wrote the row queues the messages,
/// in the same transaction. <c>cleared_at</c> is set when the child arrives after all (late).</item>
/// <item><c>attendance_settings</c>: per school, whether guardians get absence alerts (off until a
/// school admin turns them on, like the entrance checks of migration 10: a school whose holidays
/// nobody entered yet must not text every parent "absent" on a holiday) and the grace minutes
/// before an arrival counts late. Its own table rather than columns of school_rules, whose
/// record belongs to the entrance rules.</item>
/// <item><c>students.external_id</c>: the school's own student number, unique per school, the key
/// that makes a roster re-import find the same student (NULL for students made through the API:
/// both stores allow any number of NULLs in a unique index).</item>
/// </list>
/// </summary>
[Migration(13, "attendance: last entry, absence alerts, attendance settings; students.external_id for the roster import")]
public sealed class M013AttendanceAndRoster : ForwardOnlyMigration
{
    public override void Up()
    {
        Alter.Table("attendance").AddColumn("last_entered_at").AsInt64().Nullable();
        // Rows written before this migration: their first arrival is the best known last entry.
        Execute.Sql("UPDATE attendance SET last_entered_at = arrived_at");

        Create.Table("absence_alerts")
            .WithColumn("student_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("students", "id")
            .WithColumn("school_day").AsString().NotNullable().PrimaryKey()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("class_id").AsInt64().Nullable()
            .WithColumn("alerted_at").AsInt64().NotNullable()
            .WithColumn("guardians_told").AsInt64().NotNullable()
            .WithColumn("cleared_at").AsInt64().Nullable();
        Create.Index("ix_absence_alerts_school_day").OnTable("absence_alerts")
            .OnColumn("school_id").Ascending().OnColumn("school_day").Ascending();

        Create.Table("attendance_settings")
            .WithColumn("school_id").AsInt64().PrimaryKey().ForeignKey("schools", "id")
            .WithColumn("absence_alerts").AsInt64().NotNullable()
            .WithColumn("late_grace_minutes").AsInt64().NotNullable();

        Alter.Table("students").AddColumn("external_id").AsString().Nullable();
        Create.Index("ux_students_school_external_id").OnTable("students")
            .OnColumn("school_id").Ascending().OnColumn("external_id").Ascending().WithOptions().Unique();
    }
}
