using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// The EventAck is the highest seq up to which every event is stored (or given up after
/// Ingestion:GapTimeoutSeconds), no longer the highest stored one. An older gateway has already
/// acked its max_seq, so its devices dropped everything up to it: starting there keeps its old
/// gaps from holding back acks (they stay listed as they were).
/// </summary>
[Migration(5, "contiguous ack cursor")]
public sealed class M005ContiguousAckCursor : ForwardOnlyMigration
{
    public override void Up()
    {
        Alter.Table("device_cursors").AddColumn("acked_seq").AsInt64().NotNullable().WithDefaultValue(0);
        Execute.Sql("""
            UPDATE device_cursors SET acked_seq = max_seq;
            INSERT INTO device_cursors (device_id, max_seq, acked_seq)
            SELECT device_id, MAX(seq), MAX(seq) FROM device_events WHERE true GROUP BY device_id
            ON CONFLICT (device_id) DO NOTHING;
            """);
        Alter.Table("device_gaps").AddColumn("abandoned_at").AsInt64().Nullable();
    }
}
