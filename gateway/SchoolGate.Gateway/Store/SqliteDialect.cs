using System.Data.Common;
using FluentMigrator.Runner;

namespace SchoolGate.Gateway.Store;

public sealed class SqliteDialect : ISqlDialect
{
    public string Name => StoreOptions.Sqlite;

    /// <summary>Session settings, run on every freshly opened connection.</summary>
    public IReadOnlyList<string> ConnectionSetup { get; } =
    [
        // WAL lets the dashboard and API read while the single event writer commits.
        "PRAGMA journal_mode = WAL",
        // A PUBACK promises the event is stored: FULL syncs the WAL on every commit. Group commit
        // is what keeps this affordable (one fsync per batch, not per event).
        "PRAGMA synchronous = FULL",
        // API writes and the event writer share the file; wait instead of failing with SQLITE_BUSY.
        "PRAGMA busy_timeout = 5000",
        "PRAGMA foreign_keys = ON",
    ];

    public void AddMigrationProcessor(IMigrationRunnerBuilder runner) => runner.AddSQLite();

    public string IsAnyOf(string column, string parameter) => $"{column} IN {parameter}";

    // Microsoft.Data.Sqlite begins transactions IMMEDIATE: the write lock on the whole file is
    // taken at BEGIN, so no other transaction writes until this one ends.
    public Task LockDevicesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> deviceIds) => Task.CompletedTask;
}
