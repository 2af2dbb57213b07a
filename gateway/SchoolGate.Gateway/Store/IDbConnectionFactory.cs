using System.Data.Common;

namespace SchoolGate.Gateway.Store;

/// <summary>The one way the gateway reaches its database: an open connection, dialect applied.</summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    /// <summary>What the logs say the store is (a file path, or host and database; never a password).</summary>
    string Description { get; }

    /// <summary>For the migration runner, which opens its own connections.</summary>
    string ConnectionString { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Held while the schema is migrated, so gateway processes that start together on one database
    /// migrate one after the other instead of racing to create the same tables.
    /// </summary>
    Task<IAsyncDisposable> LockSchemaAsync(CancellationToken cancellationToken);
}
