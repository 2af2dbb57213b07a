using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Journeys (buses). The region's transport registry: operators, their routes and vehicles, which
/// operator (and vehicle) a registered bus validator belongs to, and the operators' API keys (only
/// a SHA-256 of the secret). Bus taps from both sources land in journey_events, one row per tap of
/// a known card (source_key UNIQUE: the MQTT event's SourceKey, or the operator's tap id);
/// transport_taps is the operator intake's own log, one row per (operator, tap id) ever accepted,
/// known card or not, so a re-sent batch stores nothing twice. journey_alerts is the cross-rule's
/// durable state: one row per boarding (UNIQUE journey_event_id), 'watching' until the child enters
/// school ('resolved') or the deadline passes ('open', told once), then 'cleared'; a later boarding
/// takes over ('superseded'); a deadline of an earlier day found by a gateway that was down then is
/// not raised ('expired'). device_events (and its
/// conflicts) keep what a bus validator said about route, vehicle and position.
/// </summary>
[Migration(11, "journeys: transport registry, operator keys and taps, journey events and alerts")]
public sealed class M011Journeys : ForwardOnlyMigration
{
    public override void Up()
    {
        foreach (var table in new[] { "device_events", "device_event_conflicts" })
        {
            Alter.Table(table)
                .AddColumn("route").AsString().Nullable()
                .AddColumn("vehicle").AsString().Nullable()
                .AddColumn("lat_e7").AsInt64().Nullable()
                .AddColumn("lon_e7").AsInt64().Nullable();
        }

        Create.Table("transport_operators")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("name_key").AsString().NotNullable().Unique()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Table("transport_routes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("operator_id").AsInt64().NotNullable().ForeignKey("transport_operators", "id")
            .WithColumn("number").AsString().NotNullable()
            .WithColumn("name").AsString().Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ux_transport_routes_number").OnTable("transport_routes")
            .OnColumn("operator_id").Ascending().OnColumn("number").Ascending().WithOptions().Unique();
        Create.Table("transport_vehicles")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("operator_id").AsInt64().NotNullable().ForeignKey("transport_operators", "id")
            .WithColumn("number").AsString().NotNullable()
            .WithColumn("plate").AsString().Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ux_transport_vehicles_number").OnTable("transport_vehicles")
            .OnColumn("operator_id").Ascending().OnColumn("number").Ascending().WithOptions().Unique();
        Create.Table("bus_validators")
            .WithColumn("device_id").AsString().PrimaryKey().ForeignKey("devices", "device_id")
            .WithColumn("operator_id").AsInt64().NotNullable().ForeignKey("transport_operators", "id")
            .WithColumn("vehicle_id").AsInt64().Nullable().ForeignKey("transport_vehicles", "id")
            .WithColumn("linked_at").AsInt64().NotNullable();
        Create.Table("transport_api_keys")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("operator_id").AsInt64().NotNullable().ForeignKey("transport_operators", "id")
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("prefix").AsString().NotNullable().Unique()
            .WithColumn("secret_hash").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("last_used_at").AsInt64().Nullable()
            .WithColumn("revoked_at").AsInt64().Nullable();
        Create.Index("ix_transport_api_keys_operator").OnTable("transport_api_keys").OnColumn("operator_id");

        Create.Table("transport_taps")
            .WithColumn("operator_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("transport_operators", "id")
            .WithColumn("tap_id").AsString().NotNullable().PrimaryKey()
            .WithColumn("card_id").AsString().NotNullable()
            .WithColumn("type").AsString().NotNullable()
            .WithColumn("route").AsString().NotNullable()
            .WithColumn("vehicle").AsString().Nullable()
            .WithColumn("lat_e7").AsInt64().Nullable()
            .WithColumn("lon_e7").AsInt64().Nullable()
            .WithColumn("occurred_at").AsInt64().NotNullable()
            .WithColumn("received_at").AsInt64().NotNullable()
            .WithColumn("student_id").AsInt64().Nullable().ForeignKey("students", "id");

        Create.Table("journey_events")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("type").AsCustom("TEXT CHECK (type IN ('boarded', 'alighted'))").NotNullable()
            .WithColumn("route").AsString().Nullable()
            .WithColumn("vehicle").AsString().Nullable()
            .WithColumn("lat_e7").AsInt64().Nullable()
            .WithColumn("lon_e7").AsInt64().Nullable()
            .WithColumn("occurred_at").AsInt64().NotNullable()
            .WithColumn("received_at").AsInt64().NotNullable()
            .WithColumn("source").AsCustom("TEXT CHECK (source IN ('device', 'operator'))").NotNullable()
            .WithColumn("device_id").AsString().Nullable()
            .WithColumn("operator_id").AsInt64().Nullable()
            .WithColumn("source_key").AsString().NotNullable().Unique();
        Create.Index("ix_journey_events_student").OnTable("journey_events")
            .OnColumn("student_id").Ascending().OnColumn("occurred_at").Ascending();

        Create.Table("journey_alerts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("journey_event_id").AsInt64().NotNullable().Unique().ForeignKey("journey_events", "id")
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("route").AsString().Nullable()
            .WithColumn("vehicle").AsString().Nullable()
            .WithColumn("boarded_at").AsInt64().NotNullable()
            .WithColumn("due_at").AsInt64().NotNullable()
            .WithColumn("status").AsCustom("TEXT CHECK (status IN ('watching', 'open', 'cleared', 'resolved', 'superseded', 'expired'))").NotNullable()
            .WithColumn("raised_at").AsInt64().Nullable()
            .WithColumn("entered_at").AsInt64().Nullable()
            .WithColumn("cleared_at").AsInt64().Nullable();
        Create.Index("ix_journey_alerts_due").OnTable("journey_alerts").OnColumn("status").Ascending().OnColumn("due_at").Ascending();
        Create.Index("ix_journey_alerts_school").OnTable("journey_alerts").OnColumn("school_id").Ascending().OnColumn("boarded_at").Ascending();
        Create.Index("ix_journey_alerts_student").OnTable("journey_alerts").OnColumn("student_id").Ascending().OnColumn("status").Ascending();

        Create.Table("school_journey_settings")
            .WithColumn("school_id").AsInt64().PrimaryKey().ForeignKey("schools", "id")
            .WithColumn("alert_after_minutes").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
    }
}
