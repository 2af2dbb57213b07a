using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// The fingerprint credential. No biometric data: templates stay in the turnstile's own module,
/// and the gateway keeps only which slot (template_id) of which device is whose.
/// <c>biometric_consents</c> is the guardians' consent history, never deleted: a revocation fills
/// the revoked_* columns. <c>active_student_id</c> is the student's id while the consent is in
/// force and NULL after, so a UNIQUE index allows one consent in force per student (NULLs do not
/// collide on SQLite or PostgreSQL). <c>biometric_enrollments</c> maps (device, template) to a
/// student under a consent; status 'active' opens the lane, 'deleting' means the mapping was
/// removed and the device was told to delete the template (re-sent until it confirms),
/// 'deleted' that it confirmed. <c>slot</c> ('{device}/{template}') is set while the template is
/// on the module (active or deleting) and NULL once deleted: UNIQUE, so a slot maps to one
/// student, and is free again only when the device has emptied it.
/// </summary>
[Migration(12, "biometric consents and fingerprint template enrollments")]
public sealed class M012BiometricCredentials : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("biometric_consents")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("guardian_id").AsInt64().NotNullable().ForeignKey("guardians", "id")
            .WithColumn("method").AsString().NotNullable()
            .WithColumn("document_ref").AsString().Nullable()
            .WithColumn("recorded_at").AsInt64().NotNullable()
            .WithColumn("recorded_by").AsString().NotNullable()
            .WithColumn("active_student_id").AsInt64().Nullable()
            .WithColumn("revoked_at").AsInt64().Nullable()
            .WithColumn("revoked_by").AsString().Nullable()
            .WithColumn("revoke_reason").AsString().Nullable();
        Create.Index("ix_biometric_consents_student").OnTable("biometric_consents").OnColumn("student_id");
        Create.Index("ux_biometric_consents_in_force").OnTable("biometric_consents")
            .OnColumn("active_student_id").Ascending().WithOptions().Unique();

        Create.Table("biometric_enrollments")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("student_id").AsInt64().NotNullable().ForeignKey("students", "id")
            .WithColumn("school_id").AsInt64().NotNullable().ForeignKey("schools", "id")
            .WithColumn("device_id").AsString().NotNullable().ForeignKey("devices", "device_id")
            .WithColumn("template_id").AsInt64().NotNullable()
            .WithColumn("consent_id").AsInt64().NotNullable().ForeignKey("biometric_consents", "id")
            .WithColumn("status").AsCustom("TEXT CHECK (status IN ('active', 'deleting', 'deleted'))").NotNullable()
            .WithColumn("slot").AsString().Nullable()
            .WithColumn("enrolled_at").AsInt64().NotNullable()
            .WithColumn("enrolled_by").AsString().NotNullable()
            .WithColumn("removed_at").AsInt64().Nullable()
            .WithColumn("removed_by").AsString().Nullable()
            .WithColumn("remove_reason").AsString().Nullable()
            .WithColumn("delete_sent_at").AsInt64().Nullable()
            .WithColumn("delete_attempts").AsInt64().NotNullable().WithDefaultValue(0)
            .WithColumn("deleted_at").AsInt64().Nullable();
        Create.Index("ux_biometric_enrollments_slot").OnTable("biometric_enrollments")
            .OnColumn("slot").Ascending().WithOptions().Unique();
        Create.Index("ix_biometric_enrollments_student").OnTable("biometric_enrollments").OnColumn("student_id");
        Create.Index("ix_biometric_enrollments_status").OnTable("biometric_enrollments")
            .OnColumn("status").Ascending().OnColumn("device_id").Ascending();
    }
}
