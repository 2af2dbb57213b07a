using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Sms;

public enum SmsReportResult
{
    /// <summary>The row moved to delivered or failed.</summary>
    Applied,

    /// <summary>The row exists and the report changes nothing: a repeat, a late intermediate status, or a row already final.</summary>
    Unchanged,

    /// <summary>No SMS outbox row has this provider id.</summary>
    UnknownMessage,
}

/// <summary>
/// Applies a provider's delivery report to its outbox row (matched by channel 'sms' and
/// provider_id). Rows only move forward: queued/sending/sent/unknown -> delivered | failed; a
/// final row never changes again, so repeated and out-of-order reports are harmless, and a
/// report that beats the engine's own "sent" mark still lands (the message did go).
/// </summary>
public sealed class SmsDeliveryReports(IDbConnectionFactory db, TimeProvider time)
{
    private const string NotFinal = "status IN ('queued', 'sending', 'sent', 'unknown')";

    public async Task<SmsReportResult> ApplyAsync(string providerId, SmsReportKind kind, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var changed = kind switch
        {
            SmsReportKind.Delivered => await connection.ExecuteAsync(
                $"UPDATE notification_outbox SET status = 'delivered', delivered_at = @now, reason = NULL"
                + $" WHERE channel = @channel AND provider_id = @providerId AND {NotFinal}",
                new { now = time.NowMs(), channel = SmsChannel.ChannelName, providerId }),
            SmsReportKind.Failed => await connection.ExecuteAsync(
                $"UPDATE notification_outbox SET status = 'failed', reason = @reason"
                + $" WHERE channel = @channel AND provider_id = @providerId AND {NotFinal}",
                new { reason, channel = SmsChannel.ChannelName, providerId }),
            _ => 0,
        };
        if (changed > 0)
        {
            return SmsReportResult.Applied;
        }

        var known = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM notification_outbox WHERE channel = @channel AND provider_id = @providerId",
            new { channel = SmsChannel.ChannelName, providerId });
        return known > 0 ? SmsReportResult.Unchanged : SmsReportResult.UnknownMessage;
    }
}
