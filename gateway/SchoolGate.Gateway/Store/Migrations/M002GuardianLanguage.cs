using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>NULL: registered before languages existed; such guardians get Notifications:DefaultLanguage.</summary>
[Migration(2, "guardian language")]
public sealed class M002GuardianLanguage : ForwardOnlyMigration
{
    public override void Up() => Alter.Table("guardians").AddColumn("language").AsString().Nullable();
}
