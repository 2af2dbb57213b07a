using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Gateway instances sharing one database claim outbox rows before sending them, so a parent
/// hears each message from one instance only. A claim expires (claimed_until) so the rows of an
/// instance that died mid-send are taken over.
/// </summary>
[Migration(6, "outbox claims")]
public sealed class M006OutboxClaims : ForwardOnlyMigration
{
    public override void Up() =>
        Alter.Table("notification_outbox")
            .AddColumn("claimed_by").AsString().Nullable()
            .AddColumn("claimed_until").AsInt64().Nullable();
}
