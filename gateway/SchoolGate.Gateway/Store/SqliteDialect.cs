namespace SchoolGate.Gateway.Store;

public sealed class SqliteDialect : ISqlDialect
{
    public string Name => "sqlite";

    // INTEGER PRIMARY KEY aliases the rowid: assigned by SQLite, no separate index.
    public string IdentityPrimaryKey => "INTEGER PRIMARY KEY";

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
}
