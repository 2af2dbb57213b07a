using Dapper;
using FluentMigrator.Runner;
using FluentMigrator.Runner.VersionTableInfo;
using SchoolGate.Gateway.Store.Migrations;

namespace SchoolGate.Gateway.Store;

/// <summary>
/// Creates or upgrades the schema with FluentMigrator (the migrations in Store/Migrations run
/// unchanged on SQLite and PostgreSQL); safe to run on every start, also by several gateway
/// processes starting together on one database (they take turns under the store's schema lock).
/// </summary>
public sealed class SchemaMigrator(IDbConnectionFactory db, ILoggerFactory loggers)
{
    /// <summary>The journal of the hand-rolled migrator this one replaced (versions 1-5).</summary>
    private const string LegacyJournal = "schema_migrations";

    private readonly ILogger _logger = loggers.CreateLogger<SchemaMigrator>();

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var schemaLock = await db.LockSchemaAsync(cancellationToken);
        await using var services = new ServiceCollection()
            // FluentMigrator narrates every statement; a failure reaches the host as an exception.
            .AddLogging()
            .AddFluentMigratorCore()
            .AddScoped<IVersionTableMetaData, SchemaVersionTable>()
            .ConfigureRunner(runner =>
            {
                db.Dialect.AddMigrationProcessor(runner);
                runner.WithGlobalConnectionString(db.ConnectionString)
                    .ScanIn(typeof(SchemaMigrator).Assembly).For.Migrations();
            })
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        var versions = scope.ServiceProvider.GetRequiredService<IVersionLoader>();

        await AdoptLegacyJournalAsync(versions, cancellationToken);
        var before = versions.VersionInfo.AppliedMigrations().ToHashSet();
        runner.MigrateUp();
        versions.LoadVersionInfo();
        var migrations = runner.MigrationLoader.LoadMigrations();
        foreach (var version in versions.VersionInfo.AppliedMigrations().Where(v => !before.Contains(v)).Order())
        {
            _logger.LogInformation("Store: applied migration {Version} ({Name})", version, migrations[version].Description);
        }
    }

    /// <summary>
    /// A database of a gateway from before FluentMigrator lists its versions in schema_migrations;
    /// they are the same numbered migrations, so they are recorded as applied instead of re-run.
    /// </summary>
    private async Task AdoptLegacyJournalAsync(IVersionLoader versions, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(db.Dialect.Name == StoreOptions.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @LegacyJournal"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @LegacyJournal",
            new { LegacyJournal }) > 0;
        if (!exists)
        {
            return;
        }

        var legacy = await connection.QueryAsync<(long Version, string Name)>($"SELECT version, name FROM {LegacyJournal} ORDER BY version");
        foreach (var (version, name) in legacy.Where(m => !versions.VersionInfo.HasAppliedMigration(m.Version)))
        {
            versions.UpdateVersionInfo(version, name);
        }

        versions.LoadVersionInfo();
        await connection.ExecuteAsync($"DROP TABLE {LegacyJournal}");
        _logger.LogInformation("Store: adopted {Count} migrations of the earlier migrator ({Table})", legacy.Count(), LegacyJournal);
    }
}
