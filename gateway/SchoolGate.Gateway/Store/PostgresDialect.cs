using System.Data.Common;
using Dapper;
using FluentMigrator.Runner;

namespace SchoolGate.Gateway.Store;

public sealed class PostgresDialect : ISqlDialect
{
    /// <summary>First key of the gateway's two-key advisory locks; the second names what is locked.</summary>
    internal const int AdvisoryLockSpace = 0x5347_5457; // "SGTW"

    /// <summary>Second key of the schema lock; device locks use hashtext(device id), which may collide with it only harmlessly.</summary>
    internal const int SchemaLockKey = 0;

    public string Name => StoreOptions.Postgres;

    public void AddMigrationProcessor(IMigrationRunnerBuilder runner) => runner.AddPostgres15_0();

    public string IsAnyOf(string column, string parameter) => $"{column} = ANY({parameter})";

    // Two gateways may both be storing the same device's events (a device that moved to the other
    // instance while the first still drains its queue). Without this, both would read the same ack
    // cursor and one update would be lost, and a conflict could be kept twice. Locks are taken in
    // one order (ordinal) so two batches over the same devices cannot deadlock.
    public async Task LockDevicesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> deviceIds)
    {
        foreach (var deviceId in deviceIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@space, hashtext(@deviceId))",
                new { space = AdvisoryLockSpace, deviceId }, transaction);
        }
    }
}
