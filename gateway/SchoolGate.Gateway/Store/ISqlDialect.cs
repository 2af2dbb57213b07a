using System.Data.Common;
using FluentMigrator.Runner;

namespace SchoolGate.Gateway.Store;

/// <summary>
/// The few places where the SQLite and PostgreSQL stores differ. Everything else is written in
/// their common subset (ON CONFLICT, RETURNING, BIGINT unix-millisecond timestamps and integers),
/// so the same statements and the same migrations run on both.
/// </summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>Registers the FluentMigrator processor for this database.</summary>
    void AddMigrationProcessor(IMigrationRunnerBuilder runner);

    /// <summary>
    /// "<paramref name="column"/> is one of the array parameter <paramref name="parameter"/>": Dapper
    /// expands a list into IN (...) on SQLite, but hands it to Npgsql whole, as a PostgreSQL array.
    /// </summary>
    string IsAnyOf(string column, string parameter);

    /// <summary>
    /// Serialises writes of these devices' events with any other transaction on the same devices,
    /// in this process or another gateway on the same database, until <paramref name="transaction"/> ends.
    /// </summary>
    Task LockDevicesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> deviceIds);
}
