namespace SchoolGate.Gateway.Store;

/// <summary>
/// The few places where SQL differs between the embedded SQLite store and a future PostgreSQL
/// store. Everything else is written in the common subset (ON CONFLICT DO NOTHING, RETURNING,
/// BIGINT unix-millisecond timestamps) so the same statements run on both.
/// </summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>Column definition of a surrogate key that the database assigns.</summary>
    string IdentityPrimaryKey { get; }

    /// <summary>Statements run on every freshly opened connection (session settings).</summary>
    IReadOnlyList<string> ConnectionSetup { get; }
}
