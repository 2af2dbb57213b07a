using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Parents reached for real. Guardians get the Telegram chat they linked (which bot it talks
/// to, and when it blocked the bot) and their preferences; one-time link codes onboard them.
/// The outbox becomes a delivery queue: a priority, the earliest time a row may go (quiet hours,
/// a digest, a retry_after), the state's reason, the provider's id for the message, and which
/// row a coalesced one went out with. 'pending' rows become 'queued' (queued -> sending -> sent
/// -> delivered | failed; 'coalesced' rows went out inside another; 'unknown' rows were in
/// flight when their gateway died).
/// </summary>
[Migration(8, "parent delivery: telegram links, preferences, link codes, delivery queue")]
public sealed class M008ParentDelivery : ForwardOnlyMigration
{
    public override void Up()
    {
        Alter.Table("guardians")
            .AddColumn("telegram_bot").AsString().Nullable()
            .AddColumn("telegram_blocked_at").AsInt64().Nullable()
            .AddColumn("telegram_linked_at").AsInt64().Nullable()
            .AddColumn("notify_mode").AsString().Nullable()
            // Minutes after school-local midnight; both NULL: no quiet hours.
            .AddColumn("quiet_from").AsInt64().Nullable()
            .AddColumn("quiet_to").AsInt64().Nullable();
        Create.Index("ix_guardians_telegram_chat").OnTable("guardians").OnColumn("telegram_chat_id");

        Create.Table("guardian_link_codes")
            .WithColumn("code").AsString().PrimaryKey()
            .WithColumn("guardian_id").AsInt64().NotNullable().ForeignKey("guardians", "id")
            .WithColumn("school_id").AsInt64().Nullable().ForeignKey("schools", "id")
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable()
            .WithColumn("used_at").AsInt64().Nullable()
            .WithColumn("used_by_chat").AsInt64().Nullable();
        Create.Index("ix_guardian_link_codes_guardian").OnTable("guardian_link_codes").OnColumn("guardian_id");

        Alter.Table("notification_outbox")
            .AddColumn("priority").AsInt64().NotNullable().WithDefaultValue(2)
            .AddColumn("kind").AsString().Nullable()
            .AddColumn("not_before").AsInt64().Nullable()
            .AddColumn("reason").AsString().Nullable()
            .AddColumn("provider_id").AsString().Nullable()
            .AddColumn("delivered_at").AsInt64().Nullable()
            .AddColumn("coalesced_into").AsInt64().Nullable()
            .AddColumn("bot").AsString().Nullable()
            .AddColumn("purged_at").AsInt64().Nullable();
        Execute.Sql("UPDATE notification_outbox SET status = 'queued' WHERE status = 'pending'");
        Create.Index("ix_outbox_queue").OnTable("notification_outbox")
            .OnColumn("status").Ascending().OnColumn("priority").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_outbox_provider").OnTable("notification_outbox").OnColumn("provider_id");
        Create.Index("ix_outbox_created").OnTable("notification_outbox").OnColumn("created_at");
    }
}
