using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Delivers pending outbox rows through their channels and marks them sent. At-least-once: a
/// crash between sending and marking re-sends on the next start, so real channels should pass
/// the row id as an idempotency key where the provider supports one.
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
        var rows = (await connection.QueryAsync<Row>("""
            SELECT o.id AS Id, o.guardian_id AS GuardianId, o.student_id AS StudentId, o.channel AS Channel, o.text AS Text,
                   o.created_at AS CreatedAt, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId
            FROM notification_outbox o JOIN guardians g ON g.id = o.guardian_id
            WHERE o.status = 'pending' ORDER BY o.id LIMIT @PageSize
            """, new { PageSize })).ToList();
        var sent = 0;
        foreach (var row in rows)
        {
            var message = new OutboxMessage(row.Id, row.GuardianId, row.StudentId, row.Channel, row.Text,
                UnixTime.FromMs(row.CreatedAt), row.Phone, row.TelegramChatId);
            try
            {
                if (!_channels.TryGetValue(row.Channel, out var channel))
                {
                    throw new InvalidOperationException($"No notification channel named '{row.Channel}' is registered.");
                }

                await channel.SendAsync(message, cancellationToken);
                await connection.ExecuteAsync("UPDATE notification_outbox SET status = 'sent', sent_at = @now, attempts = attempts + 1 WHERE id = @Id",
                    new { row.Id, now = time.NowMs() });
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Parent message {Id} via {Channel} failed", row.Id, row.Channel);
                await connection.ExecuteAsync("""
                    UPDATE notification_outbox SET attempts = attempts + 1,
                        status = CASE WHEN attempts + 1 >= @MaxAttempts THEN 'failed' ELSE status END
                    WHERE id = @Id
                    """,
                    new { row.Id, MaxAttempts });
            }
        }

        return sent;
    }
}
