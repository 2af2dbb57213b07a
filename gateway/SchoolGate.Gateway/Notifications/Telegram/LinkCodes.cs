using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>A link code as the school hands it to a guardian.</summary>
/// <param name="DeepLink">https://t.me/{bot}?start={code}: opens the school's bot with the code filled in.</param>
/// <param name="Bot">The @username of the bot the code is for.</param>
public sealed record LinkCode(long GuardianId, long SchoolId, string Code, string DeepLink, string Bot, DateTimeOffset ExpiresAt);

/// <summary>
/// One-time codes that link a guardian's Telegram chat. Twelve characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), drawn with RandomNumberGenerator: about 59 bits, so
/// guessing one inside its life is hopeless even before the per-chat throttle. A new code for a
/// guardian ends their older unused ones, so only the latest sheet works.
/// </summary>
public sealed class LinkCodes(IOptions<TelegramOptions> options, TimeProvider time, AuditLog audit, GatewayMetrics metrics)
{
    public const int Length = 12;

    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Issues a code in the caller's transaction and audits it (without the code: it is a credential).</summary>
    public async Task<LinkCode> IssueAsync(DbConnection connection, DbTransaction transaction, AuditActor actor, long guardianId, long schoolId, TelegramBot bot)
    {
        var now = time.GetUtcNow();
        var expiresAt = now.AddDays(options.Value.LinkCodeDays);
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        await connection.ExecuteAsync(
            "UPDATE guardian_link_codes SET expires_at = @now WHERE guardian_id = @guardianId AND used_at IS NULL AND expires_at > @now",
            new { guardianId, now = UnixTime.ToMs(now) }, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO guardian_link_codes (code, guardian_id, school_id, created_at, expires_at)
            VALUES (@code, @guardianId, @schoolId, @createdAt, @expiresAt)
            """,
            new { code, guardianId, schoolId, createdAt = UnixTime.ToMs(now), expiresAt = UnixTime.ToMs(expiresAt) }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "issue-telegram-link-code", "guardian", guardianId, schoolId, null,
            new { guardianId, schoolId, bot = bot.Username, expiresAt });
        metrics.TelegramLinkCodesIssued.Add();
        return new LinkCode(guardianId, schoolId, code, bot.DeepLink(code), bot.Username, expiresAt);
    }

    /// <summary>
    /// What a parent typed, as a stored code: the sheet prints it in groups of four and people
    /// type it in lower case or with spaces; null if it cannot be a code at all.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = string.Concat(typed.Where(c => c is not (' ' or '-'))).ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>K7PQ-2M9X-RTAB: easier to read out and type than twelve letters in a row.</summary>
    public static string Grouped(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));
}
