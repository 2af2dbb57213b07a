namespace SchoolGate.Gateway.Store;

public sealed class StoreOptions
{
    public const string Section = "Store";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary>The name under ConnectionStrings that a PostgreSQL store reads.</summary>
    public const string ConnectionStringName = "SchoolGate";

    /// <summary><c>sqlite</c> (one file, no setup: the default) or <c>postgres</c> (shared by several gateway instances).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite file; its directory is created on start.</summary>
    public string Path { get; set; } = "data/schoolgate.db";

    /// <summary>PostgreSQL connection string (<c>ConnectionStrings:SchoolGate</c>).</summary>
    public string? ConnectionString { get; set; }
}
