using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Store;

/// <summary>Existence checks for the tables whose surrogate key is <c>id</c>.</summary>
public static class RecordExistence
{
    public static Task<bool> SchoolExistsAsync(this DbConnection connection, long? id) => ExistsAsync(connection, "schools", id);

    public static Task<bool> StudentExistsAsync(this DbConnection connection, long? id) => ExistsAsync(connection, "students", id);

    public static Task<bool> GuardianExistsAsync(this DbConnection connection, long? id) => ExistsAsync(connection, "guardians", id);

    // The table name is one of the constants above, never caller input.
    private static async Task<bool> ExistsAsync(DbConnection connection, string table, long? id) =>
        id is not null && await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE id = @id", new { id }) > 0;
}
