using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// A gap counts its late arrivals; filled_at is set when the last missing event arrives. Gaps of
/// an older gateway are brought up to date from the events it already stored.
/// </summary>
[Migration(4, "gap filling")]
public sealed class M004GapFilling : ForwardOnlyMigration
{
    public override void Up()
    {
        Alter.Table("device_gaps")
            .AddColumn("arrived").AsInt64().NotNullable().WithDefaultValue(0)
            .AddColumn("filled_at").AsInt64().Nullable();
        Execute.Sql("""
            UPDATE device_gaps SET arrived = (
                SELECT COUNT(*) FROM device_events e
                WHERE e.device_id = device_gaps.device_id AND e.seq BETWEEN device_gaps.from_seq AND device_gaps.to_seq);
            UPDATE device_gaps SET filled_at = (
                SELECT MAX(e.received_at) FROM device_events e
                WHERE e.device_id = device_gaps.device_id AND e.seq BETWEEN device_gaps.from_seq AND device_gaps.to_seq)
            WHERE arrived > to_seq - from_seq;
            """);
        Create.Index("ix_device_gaps_open").OnTable("device_gaps").OnColumn("device_id").Ascending().OnColumn("filled_at").Ascending();
    }
}
