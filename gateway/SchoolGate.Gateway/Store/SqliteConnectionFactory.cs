using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SchoolGate.Gateway.Store;

public sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    private static readonly TimeSpan SchemaLockTimeout = TimeSpan.FromMinutes(2);

    private readonly SqliteDialect _dialect = new();
    private readonly string _setup;

    public SqliteConnectionFactory(StoreOptions options)
    {
        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = path;
        _setup = string.Join(";\n", _dialect.ConnectionSetup) + ";";
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    public string FilePath { get; }

    public ISqlDialect Dialect => _dialect;

    public string Description => $"SQLite {FilePath}";

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Pooled connections come back here on every open (every tap, every event batch):
            // one command for all session settings instead of one per statement.
            await using var command = connection.CreateCommand();
            command.CommandText = _setup;
            await command.ExecuteNonQueryAsync(cancellationToken);

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // SQLite has no advisory locks, and an exclusive transaction would lock out the migration
    // runner's own connection: an OS file lock beside the database serialises the processes.
    public async Task<IAsyncDisposable> LockSchemaAsync(CancellationToken cancellationToken)
    {
        var lockPath = FilePath + ".migrate-lock";
        var deadline = DateTime.UtcNow + SchemaLockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }
}
