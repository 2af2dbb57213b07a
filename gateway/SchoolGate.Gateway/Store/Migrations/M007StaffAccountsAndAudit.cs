using FluentMigrator;

namespace SchoolGate.Gateway.Store.Migrations;

/// <summary>
/// Staff accounts (a role, and a school unless region-wide), their API keys, the append-only
/// audit trail of every write made through the API, and what tenancy needs: the school that
/// registered a guardian, and school names unique whatever their case. login_key is the login folded to lower case,
/// so "Aigerim" and "aigerim" cannot be two accounts; security_stamp changes whenever what a
/// session was granted changes (password, role, disabling), which ends the sessions issued before.
/// </summary>
[Migration(7, "staff accounts, tenancy and audit")]
public sealed class M007StaffAccountsAndAudit : ForwardOnlyMigration
{
    public override void Up()
    {
        Create.Table("staff_accounts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("login").AsString().NotNullable()
            .WithColumn("login_key").AsString().NotNullable().Unique()
            .WithColumn("display_name").AsString().Nullable()
            .WithColumn("role").AsCustom("TEXT CHECK (role IN ('region-admin', 'school-admin', 'security-officer', 'canteen-operator'))").NotNullable()
            .WithColumn("school_id").AsInt64().Nullable().ForeignKey("schools", "id")
            .WithColumn("password_hash").AsString().NotNullable()
            .WithColumn("security_stamp").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("disabled_at").AsInt64().Nullable();
        Create.Table("staff_api_keys")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("account_id").AsInt64().NotNullable().ForeignKey("staff_accounts", "id")
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("prefix").AsString().NotNullable().Unique()
            .WithColumn("secret_hash").AsString().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("last_used_at").AsInt64().Nullable()
            .WithColumn("revoked_at").AsInt64().Nullable();
        Create.Index("ix_staff_api_keys_account").OnTable("staff_api_keys").OnColumn("account_id");
        Create.Table("audit_log")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("actor_id").AsInt64().Nullable()
            .WithColumn("actor_login").AsString().NotNullable()
            .WithColumn("actor_role").AsString().NotNullable()
            .WithColumn("remote_address").AsString().Nullable()
            .WithColumn("school_id").AsInt64().Nullable()
            .WithColumn("action").AsString().NotNullable()
            .WithColumn("entity").AsString().NotNullable()
            .WithColumn("entity_id").AsString().NotNullable()
            .WithColumn("old_value").AsString().Nullable()
            .WithColumn("new_value").AsString().Nullable();
        // As SQL: FluentMigrator refuses a foreign key on an added SQLite column, which SQLite allows when it defaults to NULL.
        Execute.Sql("ALTER TABLE guardians ADD COLUMN school_id BIGINT NULL REFERENCES schools(id)");
        Alter.Table("schools").AddColumn("name_key").AsString().Nullable();
        Execute.WithConnection(FillSchoolNameKeys);
        Create.Index("ux_schools_name_key").OnTable("schools").OnColumn("name_key").Unique();
        Create.Index("ix_audit_log_school").OnTable("audit_log").OnColumn("school_id").Ascending().OnColumn("id").Ascending();

        // Append-only in the database itself, not only by convention: no statement may change or
        // remove an audit row, whoever runs it. Run as one command each: a trigger body holds ';'.
        IfDatabase("sqlite").Execute.WithConnection((connection, transaction) =>
        {
            Run(connection, transaction,
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
            Run(connection, transaction,
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END");
        });
        IfDatabase(type => type.StartsWith("Postgres", StringComparison.OrdinalIgnoreCase)).Execute.WithConnection((connection, transaction) =>
        {
            Run(connection, transaction, """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """);
            Run(connection, transaction,
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()");
        });
    }

    // Case folding is done here, not by lower() in SQL: SQLite's lower() folds only ASCII, and
    // school names are Kazakh and Russian. Names that already differ only by case keep their
    // rows; the later one's key gets its id so the index can be made (rename it to register it).
    private static void FillSchoolNameKeys(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction)
    {
        var schools = new List<(long Id, string Name)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, name FROM schools ORDER BY id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                schools.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, name) in schools)
        {
            var key = Schools.SchoolNames.Key(name);
            if (!taken.Add(key))
            {
                key = $"{key}#{id}";
                taken.Add(key);
            }

            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE schools SET name_key = @key WHERE id = @id";
            AddParameter(update, "@key", key);
            AddParameter(update, "@id", id);
            update.ExecuteNonQuery();
        }
    }

    private static void AddParameter(System.Data.IDbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void Run(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
