using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Integrators' webhooks: a school's subscriptions (an https address, the event kinds it wants,
/// the signing secret, and its health: consecutive failures, when it may be tried again, when
/// and why it was disabled) and the delivery outbox, one row per subscription and event
/// (UNIQUE (subscription_id, event_key): an event is queued for a subscription once), written in
/// the event's own transaction. The secret is kept as it is: signing needs it, a hash would not do.
/// </summary>
[Migration(9, "integrator webhooks: subscriptions and their delivery outbox")]
public sealed class M009IntegratorWebhooks : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("webhook_subscriptions")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("url").AsString().NotNullable()
            .WithColumn("description").AsString().Nullable()
            .WithColumn("secret").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("secret_rotated_at").AsInt64().Nullable()
            .WithColumn("consecutive_failures").AsInt64().NotNullable().WithDefaultValue(0)
            .WithColumn("retry_at").AsInt64().Nullable()
            .WithColumn("disabled_at").AsInt64().Nullable()
            .WithColumn("disabled_reason").AsString().Nullable();
        Create.Index("ix_webhook_subscriptions_school").OnTable("webhook_subscriptions").OnColumn("school_id");

        Create.Table("webhook_subscription_events")
            .WithColumn("subscription_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("webhook_subscriptions", "id")
            .WithColumn("kind").AsString().NotNullable().PrimaryKey();
        Create.Index("ix_webhook_subscription_events_kind").OnTable("webhook_subscription_events").OnColumn("kind");

        Create.Table("webhook_deliveries")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("subscription_id").AsInt64().NotNullable().ForeignKey("webhook_subscriptions", "id")
            .WithColumn("event_key").AsString().NotNullable()
            .WithColumn("event_id").AsString().NotNullable()
            .WithColumn("kind").AsString().NotNullable()
            .WithColumn("body").AsString().NotNullable()
            .WithColumn("status").AsCustom("TEXT CHECK (status IN ('queued', 'delivered', 'failed'))").NotNullable()
            .WithColumn("attempts").AsInt64().NotNullable().WithDefaultValue(0)
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("next_attempt_at").AsInt64().NotNullable()
            .WithColumn("claimed_by").AsString().Nullable()
            .WithColumn("claimed_until").AsInt64().Nullable()
            .WithColumn("delivered_at").AsInt64().Nullable()
            .WithColumn("last_status_code").AsInt64().Nullable()
            .WithColumn("last_error").AsString().Nullable();
        Create.Index("ux_webhook_deliveries_key").OnTable("webhook_deliveries")
            .OnColumn("subscription_id").Ascending().OnColumn("event_key").Ascending().WithOptions().Unique();
        Create.Index("ix_webhook_deliveries_due").OnTable("webhook_deliveries")
            .OnColumn("status").Ascending().OnColumn("next_attempt_at").Ascending();
    }
}
