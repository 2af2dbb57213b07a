using FluentMigrator.Runner.VersionTableInfo;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>FluentMigrator's journal of applied migrations, named like the gateway's other tables.</summary>
public sealed class SchemaVersionTable : IVersionTableMetaData
{
    public const string Name = "schema_versions";

    public bool OwnsSchema => false;

    public string SchemaName => "";

    public string TableName => Name;

    public string ColumnName => "version";

    public string DescriptionColumnName => "description";

    public string UniqueIndexName => "ux_schema_versions_version";

    public string AppliedOnColumnName => "applied_on";

    public bool CreateWithPrimaryKey => false;
}
