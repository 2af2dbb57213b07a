using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The guardians' side of the link in the store: which guardian a chat belongs to, their
/// children, and the preferences they change in the bot. Every change is audited, with the
/// guardian as the actor (staff see in the trail when a parent linked or went quiet).
/// </summary>
public sealed class GuardianChats(IDbConnectionFactory db, AuditLog audit, TimeProvider time)
{
    /// <summary>The audit trail's name for a parent acting through the bot.</summary>
    public static AuditActor Parent { get; } = new(null, "(telegram)", "guardian", null);

    private const string SelectLinked =
        "SELECT id AS Id, language AS Language, notify_mode AS NotifyMode, quiet_from AS QuietFrom, quiet_to AS QuietTo, school_id AS SchoolId FROM guardians";

    // A chat linked before guardians remembered the bot (telegram_bot NULL) answers to any bot.
    private const string ChatOfBot = "telegram_chat_id = @chatId AND (telegram_bot = @bot OR telegram_bot IS NULL)";

    public async Task<LinkedGuardian?> FindAsync(TelegramBot bot, long chatId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindAsync(connection, null, bot, chatId);
    }

    public static Task<LinkedGuardian?> FindAsync(DbConnection connection, DbTransaction? transaction, TelegramBot bot, long chatId) =>
        connection.QueryFirstOrDefaultAsync<LinkedGuardian>(
            $"{SelectLinked} WHERE {ChatOfBot} ORDER BY id", new { chatId, bot = bot.Name }, transaction);

    public static Task<LinkedGuardian?> GetAsync(DbConnection connection, DbTransaction? transaction, long guardianId) =>
        connection.QuerySingleOrDefaultAsync<LinkedGuardian>($"{SelectLinked} WHERE id = @guardianId", new { guardianId }, transaction);

    /// <summary>Another guardian this chat is linked to on this bot (one chat = one guardian), if any.</summary>
    public static Task<long?> OtherGuardianOfChatAsync(DbConnection connection, DbTransaction transaction, TelegramBot bot, long chatId, long guardianId) =>
        connection.QueryFirstOrDefaultAsync<long?>(
            $"SELECT id FROM guardians WHERE {ChatOfBot} AND id <> @guardianId", new { chatId, bot = bot.Name, guardianId }, transaction);

    /// <summary>The guardian's active children, by first name.</summary>
    public async Task<IReadOnlyList<ChildOfGuardian>> ChildrenAsync(long guardianId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ChildOfGuardian>(
            """
            SELECT s.id AS StudentId, s.first_name AS FirstName
            FROM student_guardians sg JOIN students s ON s.id = sg.student_id
            WHERE sg.guardian_id = @guardianId AND s.active = 1
            ORDER BY s.first_name, s.id
            """,
            new { guardianId });
        return [.. rows];
    }

    public Task<LinkedGuardian> SetNotifyModeAsync(LinkedGuardian guardian, string mode, CancellationToken ct) =>
        UpdateAsync(guardian, guardian with { NotifyMode = mode }, "notify_mode = @NotifyMode", ct);

    /// <summary>Both null: no quiet hours.</summary>
    public Task<LinkedGuardian> SetQuietHoursAsync(LinkedGuardian guardian, long? from, long? to, CancellationToken ct) =>
        UpdateAsync(guardian, guardian with { QuietFrom = from, QuietTo = to }, "quiet_from = @QuietFrom, quiet_to = @QuietTo", ct);

    public Task<LinkedGuardian> SetLanguageAsync(LinkedGuardian guardian, string language, CancellationToken ct) =>
        UpdateAsync(guardian, guardian with { Language = language }, "language = @Language", ct);

    /// <summary>Ends the link of this chat; false if it was not linked (any more).</summary>
    public async Task<bool> UnlinkAsync(LinkedGuardian guardian, long chatId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var changed = await connection.ExecuteAsync(
            "UPDATE guardians SET telegram_chat_id = NULL, telegram_bot = NULL, telegram_linked_at = NULL WHERE id = @id AND telegram_chat_id = @chatId",
            new { id = guardian.Id, chatId }, transaction);
        if (changed == 0)
        {
            return false;
        }

        await audit.RecordAsync(connection, transaction, Parent, "unlink-telegram", "guardian", guardian.Id, guardian.SchoolId,
            new { telegram = "linked" }, new { telegram = "unlinked", at = time.GetUtcNow() });
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task<LinkedGuardian> UpdateAsync(LinkedGuardian before, LinkedGuardian after, string assignments, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync($"UPDATE guardians SET {assignments} WHERE id = @Id", after, transaction);
        await audit.RecordAsync(connection, transaction, Parent, "update-preferences", "guardian", after.Id, after.SchoolId, Preferences(before), Preferences(after));
        await transaction.CommitAsync(ct);
        return after;
    }

    private static object Preferences(LinkedGuardian g) => new { g.Language, g.NotifyMode, g.QuietFrom, g.QuietTo };
}
