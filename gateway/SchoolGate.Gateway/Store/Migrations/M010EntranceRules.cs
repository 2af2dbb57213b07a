using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// What a real school's entrance runs on: classes (a shift each) and a student's class; the
/// school's shifts (minutes after local midnight), its week, holidays and exceptional days
/// (school-local 'yyyy-MM-dd'); the rule settings of each school; the validity dates of a card;
/// who is inside (the presence projection), temporary passes for a forgotten card and staff
/// overrides. Entrance decisions read most of these in one query, hence the indexes on
/// (school_id, day) and (card_id), (student_id).
/// </summary>
[Migration(10, "entrance rules: classes, shifts, calendar, card validity, presence, temporary passes, overrides")]
public sealed class M010EntranceRules : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("classes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("shift").AsInt64().NotNullable()
            .WithColumn("teacher_name").AsString().Nullable()
            .WithColumn("teacher_phone").AsString().Nullable()
            .WithColumn("teacher_account_id").AsInt64().Nullable().ForeignKey("staff_accounts", "id");
        Create.Index("ux_classes_school_name").OnTable("classes")
            .OnColumn("school_id").Ascending().OnColumn("name").Ascending().WithOptions().Unique();
        // As SQL: FluentMigrator refuses a foreign key on an added SQLite column (see migration 7).
        Execute.Sql("ALTER TABLE students ADD COLUMN class_id BIGINT NULL REFERENCES classes(id)");
        Create.Index("ix_students_class").OnTable("students").OnColumn("class_id");

        Create.Table("school_shifts")
            .WithColumn("school_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("schools", "id")
            .WithColumn("shift").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("starts_at").AsInt64().NotNullable()
            .WithColumn("ends_at").AsInt64().NotNullable()
            .WithColumn("entry_opens_before_minutes").AsInt64().NotNullable();

        Create.Table("school_rules")
            .WithColumn("school_id").AsInt64().PrimaryKey().ForeignKey("schools", "id")
            .WithColumn("school_week").AsInt64().NotNullable()
            .WithColumn("check_calendar").AsInt64().NotNullable()
            .WithColumn("check_shifts").AsInt64().NotNullable()
            .WithColumn("anti_passback").AsInt64().NotNullable()
            .WithColumn("absent_after_minutes").AsInt64().NotNullable()
            .WithColumn("override_minutes").AsInt64().NotNullable();

        Create.Table("school_holidays")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("from_day").AsString().NotNullable()
            .WithColumn("to_day").AsString().NotNullable();
        Create.Index("ix_school_holidays_school").OnTable("school_holidays")
            .OnColumn("school_id").Ascending().OnColumn("to_day").Ascending();

        Create.Table("school_days")
            .WithColumn("school_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("schools", "id")
            .WithColumn("day").AsString().NotNullable().PrimaryKey()
            .WithColumn("school_day").AsInt64().NotNullable()
            .WithColumn("note").AsString().Nullable();

        Alter.Table("cards").AddColumn("valid_from").AsString().Nullable();
        Alter.Table("cards").AddColumn("valid_until").AsString().Nullable();

        Create.Table("presence")
            .WithColumn("student_id").AsInt64().PrimaryKey().ForeignKey("students", "id")
            .WithColumn("school_day").AsString().NotNullable()
            .WithColumn("inside").AsInt64().NotNullable()
            .WithColumn("changed_at").AsInt64().NotNullable()
            .WithColumn("device_id").AsString().Nullable();

        Create.Table("temporary_passes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("card_id").AsString().NotNullable()
            .WithColumn("reason").AsString().NotNullable()
            .WithColumn("school_day").AsString().NotNullable()
            .WithColumn("issued_at").AsInt64().NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable()
            .WithColumn("issued_by").AsString().NotNullable()
            .WithColumn("revoked_card_id").AsString().Nullable();
        Create.Index("ix_temporary_passes_card").OnTable("temporary_passes")
            .OnColumn("card_id").Ascending().OnColumn("expires_at").Ascending();
        Create.Index("ix_temporary_passes_student").OnTable("temporary_passes")
            .OnColumn("student_id").Ascending().OnColumn("id").Ascending();

        Create.Table("access_overrides")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("device_id").AsString().Nullable()
            .WithColumn("reason").AsString().NotNullable()
            .WithColumn("created_by").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable()
            .WithColumn("used_at").AsInt64().Nullable()
            .WithColumn("used_device_id").AsString().Nullable();
        Create.Index("ix_access_overrides_student").OnTable("access_overrides")
            .OnColumn("student_id").Ascending().OnColumn("expires_at").Ascending();
    }
}
