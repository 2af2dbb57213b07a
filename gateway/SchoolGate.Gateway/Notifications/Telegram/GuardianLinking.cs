using System.Globalization;
using Dapper;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Telegram;

public enum LinkOutcome
{
    Linked,
    WrongCode,
    Expired,
    Used,
    ForOtherBot,
    ChatTaken,
    Throttled,
}

/// <param name="Guardian">Set when <see cref="LinkOutcome.Linked"/>.</param>
/// <param name="RetryInMinutes">When <see cref="LinkOutcome.Throttled"/>: until the chat may try codes again.</param>
public sealed record LinkResult(LinkOutcome Outcome, LinkedGuardian? Guardian = null, int RetryInMinutes = 0);

/// <summary>
/// <c>/start CODE</c>: links the chat to the code's guardian. The code must exist, be unused and
/// unexpired, and be meant for this bot (the bot that serves the code's school); the chat must
/// not belong to another guardian on this bot. Using the code and linking the chat are one
/// transaction, and the code is taken with a conditional UPDATE, so of two chats racing on one
/// code exactly one wins. Every refusal but a taken chat counts against the chat's throttle.
/// </summary>
public sealed class GuardianLinking(IDbConnectionFactory db, TelegramBots bots, TelegramLinkThrottle throttle, AuditLog audit,
    TimeProvider time, GatewayMetrics metrics)
{
    private sealed record CodeRow(long GuardianId, long? SchoolId, long ExpiresAt, long? UsedAt, long? UsedByChat);

    public async Task<LinkResult> LinkAsync(TelegramBot bot, long chatId, string typedCode, CancellationToken ct)
    {
        var key = chatId.ToString(CultureInfo.InvariantCulture);
        if (throttle.IsThrottled(key, bot.Name))
        {
            metrics.TelegramLinksThrottled.Add();
            metrics.TelegramLinksRefused.Add();
            var left = throttle.ThrottledUntil(key, bot.Name) - time.GetUtcNow();
            return new LinkResult(LinkOutcome.Throttled, RetryInMinutes: Math.Max(1, (int)Math.Ceiling(left.TotalMinutes)));
        }

        var result = await TryLinkAsync(bot, chatId, typedCode, ct);
        if (result.Outcome == LinkOutcome.Linked)
        {
            throttle.RecordSuccess(key, bot.Name);
            return result;
        }

        if (result.Outcome != LinkOutcome.ChatTaken)
        {
            throttle.RecordFailure(key, bot.Name);
        }

        metrics.TelegramLinksRefused.Add();
        return result;
    }

    private async Task<LinkResult> TryLinkAsync(TelegramBot bot, long chatId, string typedCode, CancellationToken ct)
    {
        if (LinkCodes.Normalize(typedCode) is not { } code)
        {
            return new LinkResult(LinkOutcome.WrongCode);
        }

        var now = UnixTime.ToMs(time.GetUtcNow());
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow>(
            """
            SELECT guardian_id AS GuardianId, school_id AS SchoolId, expires_at AS ExpiresAt, used_at AS UsedAt, used_by_chat AS UsedByChat
            FROM guardian_link_codes WHERE code = @code
            """,
            new { code }, transaction);
        if (row is null)
        {
            return new LinkResult(LinkOutcome.WrongCode);
        }

        if (row.UsedAt is not null)
        {
            // The parent tapped the link twice: the chat is linked already, say so kindly.
            var linked = await GuardianChats.FindAsync(connection, transaction, bot, chatId);
            return row.UsedByChat == chatId && linked?.Id == row.GuardianId ? new LinkResult(LinkOutcome.Linked, linked) : new LinkResult(LinkOutcome.Used);
        }

        if (row.ExpiresAt <= now)
        {
            return new LinkResult(LinkOutcome.Expired);
        }

        if (bots.ForSchool(row.SchoolId)?.Name != bot.Name)
        {
            return new LinkResult(LinkOutcome.ForOtherBot);
        }

        if (await GuardianChats.OtherGuardianOfChatAsync(connection, transaction, bot, chatId, row.GuardianId) is not null)
        {
            return new LinkResult(LinkOutcome.ChatTaken);
        }

        var taken = await connection.ExecuteAsync(
            "UPDATE guardian_link_codes SET used_at = @now, used_by_chat = @chatId WHERE code = @code AND used_at IS NULL AND expires_at > @now",
            new { code, now, chatId }, transaction);
        if (taken == 0)
        {
            return new LinkResult(LinkOutcome.Used);
        }

        await connection.ExecuteAsync(
            """
            UPDATE guardians SET telegram_chat_id = @chatId, telegram_bot = @bot, telegram_linked_at = @now, telegram_blocked_at = NULL
            WHERE id = @guardianId
            """,
            new { chatId, bot = bot.Name, now, guardianId = row.GuardianId }, transaction);
        var guardian = await GuardianChats.GetAsync(connection, transaction, row.GuardianId);
        await audit.RecordAsync(connection, transaction, GuardianChats.Parent, "link-telegram", "guardian", row.GuardianId, row.SchoolId,
            null, new { telegram = "linked", bot = bot.Username, at = UnixTime.FromMs(now) });
        await transaction.CommitAsync(ct);
        metrics.TelegramChatsLinked.Add();
        return new LinkResult(LinkOutcome.Linked, guardian);
    }
}
