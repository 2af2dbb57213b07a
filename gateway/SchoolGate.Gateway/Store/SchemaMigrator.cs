using Dapper;

namespace SchoolGate.Gateway.Store;

/// <summary>Creates or upgrades the schema; safe to run on every start.</summary>
public sealed class SchemaMigrator(IDbConnectionFactory db, TimeProvider time, ILogger<SchemaMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();

        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(migration.Sql(db.Dialect), transaction: transaction);
            // ON CONFLICT guards against two gateway processes starting on the same file at once.
            var inserted = await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At) ON CONFLICT DO NOTHING",
                new { migration.Version, migration.Name, At = time.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            if (inserted == 1)
            {
                logger.LogInformation("Store: applied migration {Version} ({Name})", migration.Version, migration.Name);
            }
        }
    }
}
