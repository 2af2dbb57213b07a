using System.Data.Common;

namespace SchoolGate.Gateway.Store;

/// <summary>The one way the gateway reaches its database: an open connection, dialect applied.</summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
