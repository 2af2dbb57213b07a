using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// The database behind a <see cref="TestGateway"/>: a temp SQLite file, or, when
/// SCHOOLGATE_TEST_STORE=postgres (scripts/test.sh runs the suite once more that way), a fresh
/// database on the PostgreSQL server named by SCHOOLGATE_TEST_POSTGRES. Tests reach behind the
/// gateway's back through it (to simulate a failing or older store) in either dialect.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private const string ProviderVariable = "SCHOOLGATE_TEST_STORE";
    private const string ServerVariable = "SCHOOLGATE_TEST_POSTGRES";

    private readonly string? _database;
    private readonly string? _serverConnectionString;

    private TestStore(string sqlitePath)
    {
        SqlitePath = sqlitePath;
        ConnectionString = $"Data Source={sqlitePath}";
        GatewayArgs = [$"--Store:Path={sqlitePath}"];
    }

    private TestStore(string serverConnectionString, string database)
    {
        _serverConnectionString = serverConnectionString;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
        GatewayArgs = ["--Store:Provider=postgres", $"--ConnectionStrings:SchoolGate={ConnectionString}"];
    }

    public static bool IsPostgres => Environment.GetEnvironmentVariable(ProviderVariable) == "postgres";

    public string ConnectionString { get; }

    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>Settings that point a gateway at this store.</summary>
    public IReadOnlyList<string> GatewayArgs { get; }

    public static async Task<TestStore> CreateAsync(string directory)
    {
        if (!IsPostgres)
        {
            return Sqlite(Path.Combine(directory, "gateway.db"));
        }

        var server = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException($"{ProviderVariable}=postgres needs {ServerVariable} (scripts/test.sh starts a server and sets it).");
        var database = "sg_test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(server);
        await connection.ExecuteAsync($"CREATE DATABASE {database}");
        return new TestStore(server, database);
    }

    /// <summary>An SQLite store whatever the suite runs on (for what only SQLite files can have, e.g. an older gateway's).</summary>
    public static TestStore Sqlite(string path) => new(path);

    public DbConnection Open()
    {
        DbConnection connection = SqlitePath is null ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql, object? parameters = null)
    {
        using var connection = Open();
        connection.Execute(sql, parameters);
    }

    public T Scalar<T>(string sql, object? parameters = null)
    {
        using var connection = Open();
        return connection.ExecuteScalar<T>(sql, parameters)!;
    }

    /// <summary>
    /// Makes every <paramref name="operation"/> (INSERT or UPDATE) on <paramref name="table"/> that
    /// matches <paramref name="condition"/> (an expression over NEW./OLD. columns) fail with
    /// <paramref name="message"/>, as a failing disk or a locked table would.
    /// </summary>
    public void FailWrites(string name, string operation, string table, string condition, string message)
    {
        Execute(IsPostgres
            ? $"""
              CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN IF {condition} THEN RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn();
              """
            : $"CREATE TRIGGER {name} BEFORE {operation} ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END;");
    }

    public void StopFailingWrites(string name, string table) =>
        Execute(IsPostgres ? $"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}_fn();" : $"DROP TRIGGER {name}");

    /// <summary>Closes pooled connections so the file or database can be removed.</summary>
    public static void ClearPools()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        ClearPools();
        if (_database is not null)
        {
            await using var connection = new NpgsqlConnection(_serverConnectionString);
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }
}
