using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Least data over time: a message's text (a child's name and whereabouts) is blanked once it is
/// older than Notifications:RetentionDays; the row stays, so delivery statistics and the audit of
/// who was told when survive. Messages still on their way are never touched.
/// </summary>
public sealed class OutboxRetention(IDbConnectionFactory db, IOptions<NotificationOptions> options, TimeProvider time,
    ILogger<OutboxRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Purging old parent messages failed; trying again in an hour");
                await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Blanks the texts past retention; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        var purged = await connection.ExecuteAsync("""
            UPDATE notification_outbox SET text = '', purged_at = @now
            WHERE created_at < @cutoff AND purged_at IS NULL AND status NOT IN ('queued', 'sending')
            """,
            new { now = now.ToUnixTimeMilliseconds(), cutoff = (now - TimeSpan.FromDays(options.Value.RetentionDays)).ToUnixTimeMilliseconds() });
        if (purged > 0)
        {
            logger.LogInformation("Blanked the text of {Count} parent messages older than {Days} days", purged, options.Value.RetentionDays);
        }

        return purged;
    }
}
