using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Events whose (device_id, seq) was already stored with other content: a controller whose seq
/// counter restarted. Kept apart so device_events stays one row per (device, seq).
/// </summary>
[Migration(3, "event conflicts")]
public sealed class M003EventConflicts : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("device_event_conflicts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("device_id").AsString().NotNullable()
            .WithColumn("seq").AsInt64().NotNullable()
            .WithColumn("type").AsString().NotNullable()
            .WithColumn("card_id").AsString().NotNullable()
            .WithColumn("reason").AsString().NotNullable()
            .WithColumn("offline").AsInt64().NotNullable()
            .WithColumn("device_ts").AsInt64().NotNullable()
            .WithColumn("received_at").AsInt64().NotNullable();
        Create.Index("ix_device_event_conflicts_seq").OnTable("device_event_conflicts")
            .OnColumn("device_id").Ascending().OnColumn("seq").Ascending();
    }
}
