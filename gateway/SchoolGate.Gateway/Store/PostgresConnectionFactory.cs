using System.Data.Common;
using Dapper;
using Npgsql;

namespace SchoolGate.Gateway.Store;

public sealed class PostgresConnectionFactory : IDbConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(StoreOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        ConnectionString = builder.ConnectionString;
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public ISqlDialect Dialect { get; } = new PostgresDialect();

    public string Description { get; }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<IAsyncDisposable> LockSchemaAsync(CancellationToken cancellationToken)
    {
        // A session lock on a connection of its own: the migration runner uses other connections,
        // and the lock must outlive each of its transactions.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@space, @key)",
                new { space = PostgresDialect.AdvisoryLockSpace, key = PostgresDialect.SchemaLockKey }, cancellationToken: cancellationToken));
            return new SchemaLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class SchemaLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@space, @key)",
                    new { space = PostgresDialect.AdvisoryLockSpace, key = PostgresDialect.SchemaLockKey });
            }
            finally
            {
                // Closing the session also releases the lock, should the unlock itself fail.
                await connection.DisposeAsync();
            }
        }
    }
}
