using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>A queued outbox row as the engine loads it, with the guardian's current contacts.</summary>
public sealed class QueuedRow
{
    public long Id { get; set; }
    public long GuardianId { get; set; }
    public long StudentId { get; set; }
    public string Channel { get; set; } = "";
    public string Text { get; set; } = "";
    public long Priority { get; set; }
    public long CreatedAt { get; set; }
    public long? NotBefore { get; set; }
    public long Attempts { get; set; }
    public string FirstName { get; set; } = "";
    public string? Phone { get; set; }
    public long? TelegramChatId { get; set; }
    public string? Language { get; set; }
    public string? TelegramBot { get; set; }
    public long? TelegramBlockedAt { get; set; }

    public GuardianContact Contact => new(GuardianId, FirstName, Phone, TelegramChatId, Language, TelegramBot, TelegramBlockedAt);
}

/// <summary>What became of one outbox row after a send (or an attempt).</summary>
public sealed record RowOutcome(long Id, string Status, string Channel, string? Bot, string? Reason = null, string? ProviderId = null,
    long? SentAt = null, long? DeliveredAt = null, long? NotBefore = null, long? CoalescedInto = null, bool CountsAttempt = true);

/// <summary>
/// The delivery engine's SQL. Rows are claimed before they are held (claimed_by = this instance
/// and pass, claimed_until = a lease), so instances sharing a database never hold the same row;
/// a row is marked 'sending' in the store before its request leaves, so after a crash it is known
/// to have maybe gone out and is never sent again blindly (at most once per recipient and event).
/// </summary>
public sealed class DeliveryStore(IDbConnectionFactory db)
{
    /// <summary>How long a claim lasts without renewal; the engine renews its claims well before.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private long _pass;

    private const string SelectRow = """
        SELECT o.id AS Id, o.guardian_id AS GuardianId, o.student_id AS StudentId, o.channel AS Channel, o.text AS Text,
               o.priority AS Priority, o.created_at AS CreatedAt, o.not_before AS NotBefore, o.attempts AS Attempts,
               g.first_name AS FirstName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId, g.language AS Language,
               g.telegram_bot AS TelegramBot, g.telegram_blocked_at AS TelegramBlockedAt
        FROM notification_outbox o JOIN guardians g ON g.id = o.guardian_id
        """;

    /// <summary>
    /// Claims up to <paramref name="limit"/> queued rows due by <paramref name="horizonMs"/>, most
    /// urgent first, and returns them.
    /// </summary>
    public async Task<List<QueuedRow>> ClaimAsync(long nowMs, long horizonMs, int maxPriority, int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var claim = $"{_instance}:{Interlocked.Increment(ref _pass)}";
        // The claim condition is repeated outside the subquery: PostgreSQL re-checks it on a row
        // another instance claimed meanwhile (READ COMMITTED), and then skips that row.
        await connection.ExecuteAsync("""
            UPDATE notification_outbox SET claimed_by = @claim, claimed_until = @until
            WHERE id IN (SELECT id FROM notification_outbox
                         WHERE status = 'queued' AND priority <= @maxPriority
                           AND (claimed_until IS NULL OR claimed_until <= @now) AND (not_before IS NULL OR not_before <= @horizon)
                         ORDER BY priority, id LIMIT @limit)
              AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= @now)
            """,
            new { claim, until = nowMs + (long)ClaimLease.TotalMilliseconds, now = nowMs, horizon = horizonMs, maxPriority, limit });
        return (await connection.QueryAsync<QueuedRow>(SelectRow + " WHERE o.claimed_by = @claim AND o.status = 'queued' ORDER BY o.priority, o.id",
            new { claim })).ToList();
    }

    /// <summary>
    /// Marks rows 'sending' just before their request leaves; returns the ids this instance still
    /// owned (a row whose claim lapsed and was taken over must not go from here).
    /// </summary>
    public async Task<HashSet<long>> MarkSendingAsync(IReadOnlyCollection<long> ids, long nowMs, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var owned = await connection.QueryAsync<long>($"""
            UPDATE notification_outbox SET status = 'sending', claimed_until = @until
            WHERE {db.Dialect.IsAnyOf("id", "@ids")} AND status = 'queued' AND claimed_by LIKE @mine
            RETURNING id
            """,
            new { ids = ids.ToArray(), until = nowMs + (long)ClaimLease.TotalMilliseconds, mine = _instance + ":%" });
        return [.. owned];
    }

    /// <summary>Writes the outcomes of finished sends in one transaction; a blocked chat is marked on its guardian.</summary>
    public async Task RecordAsync(IReadOnlyList<RowOutcome> outcomes, IReadOnlyList<(long GuardianId, long ChatId)> blockedChats,
        long nowMs, CancellationToken ct)
    {
        if (outcomes.Count == 0 && blockedChats.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE notification_outbox SET
                -- A delivery report can come before the engine records the send: never move back from it.
                status = CASE WHEN status IN ('delivered', 'failed') AND @Status = 'sent' THEN status ELSE @Status END, channel = @Channel, bot = @Bot, reason = COALESCE(@Reason, reason),
                provider_id = COALESCE(@ProviderId, provider_id), sent_at = COALESCE(@SentAt, sent_at),
                delivered_at = COALESCE(@DeliveredAt, delivered_at), not_before = @NotBefore, coalesced_into = @CoalescedInto,
                attempts = attempts + CASE WHEN @CountsAttempt THEN 1 ELSE 0 END,
                claimed_until = CASE WHEN @Status = 'queued' THEN claimed_until ELSE NULL END
            WHERE id = @Id
            """, outcomes, transaction);
        await connection.ExecuteAsync("""
            UPDATE guardians SET telegram_blocked_at = @now WHERE id = @GuardianId AND telegram_chat_id = @ChatId AND telegram_blocked_at IS NULL
            """, blockedChats.Select(b => new { b.GuardianId, b.ChatId, now = nowMs }), transaction);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Extends the claims of every row this instance holds (queued in memory, or sending).</summary>
    public async Task RenewAsync(long nowMs, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("""
            UPDATE notification_outbox SET claimed_until = @until WHERE claimed_by LIKE @mine AND status IN ('queued', 'sending')
            """, new { until = nowMs + (long)ClaimLease.TotalMilliseconds, mine = _instance + ":%" });
    }

    /// <summary>Hands the queued rows this instance holds back to the outbox (shutdown): any instance may take them at once.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync($"""
            UPDATE notification_outbox SET claimed_by = NULL, claimed_until = NULL
            WHERE {db.Dialect.IsAnyOf("id", "@ids")} AND status = 'queued' AND claimed_by LIKE @mine
            """, new { ids = ids.ToArray(), mine = _instance + ":%" });
    }

    /// <summary>
    /// Rows left 'sending' by an instance that died (their lease ran out): their request may or may
    /// not have reached the provider, and Telegram has no idempotency key, so they are never sent
    /// again by the same channel; they become 'unknown'. Returns them, for the urgent ones' fallback.
    /// </summary>
    public async Task<List<QueuedRow>> TakeAbandonedAsync(long nowMs, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var claim = $"{_instance}:{Interlocked.Increment(ref _pass)}";
        await connection.ExecuteAsync("""
            UPDATE notification_outbox SET status = 'unknown', claimed_by = @claim, claimed_until = NULL,
                reason = 'the gateway stopped while sending it: the provider may or may not have it'
            WHERE status = 'sending' AND claimed_until <= @now
            """, new { claim, now = nowMs });
        return (await connection.QueryAsync<QueuedRow>(SelectRow + " WHERE o.claimed_by = @claim AND o.status = 'unknown'",
            new { claim })).ToList();
    }

    /// <summary>Queues a copy of an outbox row for another channel (an urgent message whose first channel could not confirm it).</summary>
    public async Task<bool> QueueFallbackAsync(long id, string channel, long nowMs, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key, priority, kind, reason)
            SELECT guardian_id, student_id, @channel, text, created_at, 'queued', dedupe_key || ':' || @channel, priority, kind,
                   'fallback for message ' || CAST(id AS TEXT)
            FROM notification_outbox WHERE id = @id AND purged_at IS NULL
            ON CONFLICT DO NOTHING
            """, new { id, channel }) > 0;
    }

    /// <summary>Queue depth and the oldest queued message per priority, over every instance.</summary>
    public async Task<List<(long Priority, long Count, long OldestCreatedAt)>> DepthAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long, long, long)>("""
            SELECT priority, COUNT(*), MIN(created_at) FROM notification_outbox WHERE status IN ('queued', 'sending') GROUP BY priority
            """);
        return rows.ToList();
    }
}
