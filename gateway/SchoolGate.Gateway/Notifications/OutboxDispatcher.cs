using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Delivers pending outbox rows through their channels and marks them sent, row by row.
/// Delivery is AT-LEAST-ONCE on purpose: the "sent" mark is a separate statement after
/// SendAsync (no transaction can span a Telegram or SMS provider), so a crash or a failed
/// UPDATE between the two leaves the row pending and it is delivered again. The opposite order
/// (mark, then send) would turn the same crash into a parent who never hears that the child
/// arrived, which is worse than hearing it twice. Real channels should pass the row id
/// (<see cref="OutboxMessage.Id"/>) as an idempotency key where the provider supports one.
/// One row's trouble (a failing channel, a failing UPDATE) is logged and never stops the rows
/// behind it or the loop. Several gateway instances may share the database: each pass first
/// claims its page (<see cref="ClaimLease"/>), so no row is sent by two instances at once.
/// </summary>
public sealed class OutboxDispatcher(
    IDbConnectionFactory db,
    IEnumerable<INotificationChannel> channels,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    private const int PageSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claimed page is left to its instance: far longer than a page takes (100 sends),
    /// short enough that the rows of an instance that died mid-page go out soon after.
    /// </summary>
    internal static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private long _pass;

    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name);

    private sealed record Row(long Id, long GuardianId, long StudentId, string Channel, string Text, long CreatedAt,
        string? Phone, long? TelegramChatId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Keep going while full pages are delivered; failures wait for the next wake-up.
                while (await DispatchPendingAsync(stoppingToken) == PageSize)
                {
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; retrying");
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends one page of pending messages; returns how many were delivered.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        // The claim condition is repeated outside the subquery: PostgreSQL re-checks it on a row
        // another instance claimed meanwhile (READ COMMITTED), and then skips that row.
        var claim = $"{_instance}:{Interlocked.Increment(ref _pass)}";
        var now = time.NowMs();
        await connection.ExecuteAsync("""
            UPDATE notification_outbox SET claimed_by = @claim, claimed_until = @until
            WHERE id IN (SELECT id FROM notification_outbox WHERE status = 'queued' AND (claimed_until IS NULL OR claimed_until <= @now)
                         ORDER BY id LIMIT @PageSize)
              AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= @now)
            """,
            new { claim, until = now + (long)ClaimLease.TotalMilliseconds, now, PageSize });
        var rows = (await connection.QueryAsync<Row>("""
            SELECT o.id AS Id, o.guardian_id AS GuardianId, o.student_id AS StudentId, o.channel AS Channel, o.text AS Text,
                   o.created_at AS CreatedAt, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId
            FROM notification_outbox o JOIN guardians g ON g.id = o.guardian_id
            WHERE o.claimed_by = @claim AND o.status = 'queued' ORDER BY o.id
            """, new { claim })).ToList();
        var sent = 0;
        foreach (var row in rows)
        {
            var message = new OutboxMessage(row.Id, row.GuardianId, row.StudentId, row.Channel, row.Text,
                UnixTime.FromMs(row.CreatedAt), row.Phone, row.TelegramChatId);
            if (await TrySendAsync(connection, message, cancellationToken) && await TryMarkSentAsync(connection, row.Id, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> TrySendAsync(DbConnection connection, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (!_channels.TryGetValue(message.Channel, out var channel))
            {
                throw new InvalidOperationException($"No notification channel named '{message.Channel}' is registered.");
            }

            await channel.SendAsync(message, cancellationToken);
            return true;
        }
        // Only the dispatcher's own shutdown is a cancellation: an HttpClient timeout inside a
        // channel also throws TaskCanceledException, and is a failed attempt like any other.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Parent message {Id} via {Channel} failed", message.Id, message.Channel);
        }

        try
        {
            // Released at once: the next pass (of any instance) tries it again.
            await connection.ExecuteAsync("""
                UPDATE notification_outbox SET attempts = attempts + 1, claimed_until = NULL,
                    status = CASE WHEN attempts + 1 >= @MaxAttempts THEN 'failed' ELSE status END
                WHERE id = @Id
                """,
                new { message.Id, MaxAttempts });
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not counted, so this attempt is free: the row stays pending and is tried again once its claim expires.
            logger.LogError(ex, "Parent message {Id}: could not record the failed attempt", message.Id);
        }

        return false;
    }

    private async Task<bool> TryMarkSentAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync("UPDATE notification_outbox SET status = 'sent', sent_at = @now, attempts = attempts + 1 WHERE id = @id",
                new { id, now = time.NowMs() });
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Parent message {Id} was delivered but could not be marked sent; it will be delivered again", id);
            return false;
        }
    }
}
