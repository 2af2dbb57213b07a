using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// The schema of the first slice. Every integer is a 64-bit column (BIGINT on PostgreSQL,
/// INTEGER = int64 on SQLite) so a row reads back as the same .NET types on both stores;
/// instants are unix milliseconds (UTC), school days TEXT 'yyyy-MM-dd'.
/// </summary>
[Migration(1, "initial schema")]
public sealed class M001InitialSchema : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("schools")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable().Unique();
        Create.Table("students")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("first_name").AsString().NotNullable()
            .WithColumn("last_name").AsString().NotNullable()
            .WithColumn("active").AsInt64().NotNullable().WithDefaultValue(1);
        Create.Index("ix_students_school").OnTable("students").OnColumn("school_id");
        Create.Table("guardians")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("first_name").AsString().NotNullable()
            .WithColumn("last_name").AsString().NotNullable()
            .WithColumn("phone").AsString().Nullable()
            .WithColumn("telegram_chat_id").AsInt64().Nullable();
        Create.Table("student_guardians")
            .WithColumn("student_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("students", "id")
            .WithColumn("guardian_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("guardians", "id");
        Create.Table("cards")
            .WithColumn("card_id").AsString().PrimaryKey()
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("status").AsCustom("TEXT CHECK (status IN ('active', 'revoked'))").NotNullable()
            .WithColumn("revoked_at").AsInt64().Nullable();
        Create.Index("ix_cards_student").OnTable("cards").OnColumn("student_id");
        Create.Table("devices")
            .WithColumn("device_id").AsString().PrimaryKey()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("kind").AsString().NotNullable()
            .WithColumn("direction").AsString().Nullable()
            .WithColumn("name").AsString().Nullable()
            .WithColumn("secret_hash").AsString().NotNullable()
            .WithColumn("salt").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Table("device_events")
            .WithColumn("device_id").AsString().NotNullable().PrimaryKey()
            .WithColumn("seq").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("type").AsString().NotNullable()
            .WithColumn("card_id").AsString().NotNullable()
            .WithColumn("reason").AsString().NotNullable()
            .WithColumn("offline").AsInt64().NotNullable()
            .WithColumn("device_ts").AsInt64().NotNullable()
            .WithColumn("received_at").AsInt64().NotNullable();
        Create.Index("ix_device_events_received").OnTable("device_events").OnColumn("received_at");
        Create.Table("device_cursors")
            .WithColumn("device_id").AsString().PrimaryKey()
            .WithColumn("max_seq").AsInt64().NotNullable();
        Create.Table("device_gaps")
            .WithColumn("device_id").AsString().NotNullable().PrimaryKey()
            .WithColumn("from_seq").AsInt64().NotNullable().PrimaryKey()
            .WithColumn("to_seq").AsInt64().NotNullable()
            .WithColumn("detected_at").AsInt64().NotNullable();
        Create.Table("device_state")
            .WithColumn("device_id").AsString().PrimaryKey()
            .WithColumn("state_json").AsString().Nullable()
            .WithColumn("status").AsString().Nullable()
            .WithColumn("state_at").AsInt64().Nullable()
            .WithColumn("last_seen_at").AsInt64().Nullable();
        Create.Table("attendance")
            .WithColumn("student_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("students", "id")
            .WithColumn("school_day").AsString().NotNullable().PrimaryKey()
            .WithColumn("arrived_at").AsInt64().Nullable()
            .WithColumn("left_at").AsInt64().Nullable();
        Create.Table("notification_outbox")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("guardian_id").AsInt64().NotNullable().ForeignKey("guardians", "id")
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("channel").AsString().NotNullable()
            .WithColumn("text").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("sent_at").AsInt64().Nullable()
            .WithColumn("status").AsString().NotNullable()
            .WithColumn("attempts").AsInt64().NotNullable().WithDefaultValue(0)
            .WithColumn("dedupe_key").AsString().NotNullable().Unique();
        Create.Index("ix_outbox_status").OnTable("notification_outbox").OnColumn("status").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_outbox_guardian").OnTable("notification_outbox").OnColumn("guardian_id").Ascending().OnColumn("id").Ascending();
        // BLOB on SQLite, bytea on PostgreSQL.
        Create.Table("retained_messages")
            .WithColumn("topic").AsString().PrimaryKey()
            .WithColumn("payload").AsBinary().NotNullable()
            .WithColumn("qos").AsInt64().NotNullable();
    }
}
