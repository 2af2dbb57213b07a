using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Store;

/// <summary>
/// Whether a record exists and which school it belongs to: what the tenancy checks of the API
/// need (a record of another school answers as if it did not exist).
/// </summary>
public static class RecordExistence
{
    public static async Task<bool> SchoolExistsAsync(this DbConnection connection, long? id) =>
        id is not null && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schools WHERE id = @id", new { id }) > 0;

    /// <summary>The student's school, or null when there is no such student.</summary>
    public static Task<long?> SchoolOfStudentAsync(this DbConnection connection, long? id, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long?>("SELECT school_id FROM students WHERE id = @id", new { id }, transaction);

    /// <summary>The school of the card's student, or null when there is no such card.</summary>
    public static Task<long?> SchoolOfCardAsync(this DbConnection connection, string cardId, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<long?>(
            "SELECT s.school_id FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @cardId", new { cardId }, transaction);

    /// <summary>The device's school, or null when there is no such device.</summary>
    public static Task<long?> SchoolOfDeviceAsync(this DbConnection connection, string deviceId) =>
        connection.ExecuteScalarAsync<long?>("SELECT school_id FROM devices WHERE device_id = @deviceId", new { deviceId });

    /// <summary>
    /// A guardian belongs to the school that registered them and to every school one of their
    /// children attends; null <paramref name="scope"/> (a region admin) sees every guardian.
    /// </summary>
    public static async Task<bool> GuardianVisibleAsync(this DbConnection connection, long id, long? scope) =>
        await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM guardians g WHERE g.id = @id AND {GuardianInScope}",
            new { id, scope }) > 0;

    /// <summary>The condition on <c>guardians g</c> for "visible to @scope" (null: every guardian).</summary>
    public const string GuardianInScope = """
        (@scope IS NULL OR g.school_id = @scope
         OR EXISTS (SELECT 1 FROM student_guardians sg JOIN students s ON s.id = sg.student_id WHERE sg.guardian_id = g.id AND s.school_id = @scope))
        """;
}
