using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// POSTs due webhook deliveries, signed (<see cref="WebhookSignature"/>). A 2xx answer is
/// delivered; anything else (another status, a redirect, a timeout, no connection) is a failed
/// attempt. A failing subscription is then tried with one delivery at a time, after a backoff
/// that doubles (<see cref="WebhookBackoff"/>), so a receiver that is down is not hammered with
/// a morning's passages; one success resets it, and after Webhooks:DisableAfterFailures failures
/// in a row it is disabled, which is audited for its school (the admin sees it there and in the
/// subscription's disabledAt/disabledReason). Delivery is at least once: a receiver dedupes by
/// the event id. Several gateways may share the database: each claims its page with a lease,
/// as the parent-message outbox does, so no delivery is sent by two at once.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private const int PageSize = 20;
    private const int Parallelism = 4;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Far longer than a page takes (20 deliveries, 4 at a time, each bounded by the timeout).</summary>
    internal static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private readonly IDbConnectionFactory _db;
    private readonly OutboxSignal _signal;
    private readonly WebhookOptions _options;
    private readonly AuditLog _audit;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private long _pass;

    private sealed record Due(long Id, long SubscriptionId, long SchoolId, string Kind, string Body, string Url, string Secret);

    public WebhookDispatcher(IDbConnectionFactory db, [FromKeyedServices(WebhookQueue.SignalKey)] OutboxSignal signal,
        IOptions<WebhookOptions> options, AuditLog audit, GatewayMetrics metrics, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        (_db, _signal, _options, _audit, _metrics, _time, _logger) = (db, signal, options.Value, audit, metrics, time, logger);
        // No redirects: the address was checked when it was registered, where a redirect leads was not.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("SchoolGate-Webhooks/1");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) == PageSize)
                {
                }

                await _signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Webhook dispatch failed; retrying");
                await Task.Delay(PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Claims one page of due deliveries and sends them; returns how many were claimed.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var claim = $"{_instance}:{Interlocked.Increment(ref _pass)}";
        var due = await ClaimAsync(claim, cancellationToken);
        // A subscription's deliveries go one after another and stop at its first failure.
        await Parallel.ForEachAsync(due.GroupBy(d => d.SubscriptionId),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (subscription, ct) =>
            {
                foreach (var delivery in subscription)
                {
                    if (!await DeliverAsync(delivery, ct))
                    {
                        await ReleaseAsync(claim, subscription.Key, ct);
                        break;
                    }
                }
            });
        return due.Count;
    }

    private async Task<List<Due>> ClaimAsync(string claim, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var now = _time.NowMs();
        // The claim condition is repeated outside the subquery: PostgreSQL re-checks it on a row
        // another instance claimed meanwhile (READ COMMITTED), and then skips that row.
        await connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET claimed_by = @claim, claimed_until = @until
            WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                         WHERE d.status = 'queued' AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until <= @now)
                           AND s.disabled_at IS NULL AND (s.retry_at IS NULL OR s.retry_at <= @now)
                         ORDER BY d.next_attempt_at, d.id LIMIT @PageSize)
              AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= @now)
            """,
            new { claim, until = now + (long)ClaimLease.TotalMilliseconds, now, PageSize });
        return [.. await connection.QueryAsync<Due>("""
            SELECT d.id AS Id, d.subscription_id AS SubscriptionId, s.school_id AS SchoolId, d.kind AS Kind, d.body AS Body,
                   s.url AS Url, s.secret AS Secret
            FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.claimed_by = @claim AND d.status = 'queued' ORDER BY d.next_attempt_at, d.id
            """, new { claim })];
    }

    /// <summary>One attempt; true when the receiver took it.</summary>
    private async Task<bool> DeliverAsync(Due delivery, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, delivery.Body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Kind);
        int? status = null;
        string error;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await RecordSuccessAsync(delivery, status.Value, cancellationToken);
                return true;
            }

            error = $"HTTP {status}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {_options.TimeoutSeconds} s";
        }
        catch (HttpRequestException ex)
        {
            error = $"no connection: {ex.Message}";
        }

        await RecordFailureAsync(delivery, status, error, cancellationToken);
        return false;
    }

    private async Task RecordSuccessAsync(Due delivery, int status, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET status = 'delivered', delivered_at = @now, attempts = attempts + 1, last_status_code = @status,
                last_error = NULL, claimed_until = NULL
            WHERE id = @Id
            """, new { now = _time.NowMs(), status, delivery.Id }, transaction);
        await connection.ExecuteAsync("UPDATE webhook_subscriptions SET consecutive_failures = 0, retry_at = NULL WHERE id = @SubscriptionId",
            new { delivery.SubscriptionId }, transaction);
        await transaction.CommitAsync(cancellationToken);
        _metrics.WebhookDeliveriesSent.Add();
    }

    private async Task RecordFailureAsync(Due delivery, int? status, string error, CancellationToken cancellationToken)
    {
        _metrics.WebhookDeliveriesFailed.Add();
        var now = _time.GetUtcNow();
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var failures = await connection.ExecuteScalarAsync<long>(
            "UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1 WHERE id = @SubscriptionId RETURNING consecutive_failures",
            new { delivery.SubscriptionId }, transaction);
        var retryAt = UnixTime.ToMs(now + WebhookBackoff.Delay(_options, failures, Random.Shared.NextDouble()));
        await connection.ExecuteAsync("UPDATE webhook_subscriptions SET retry_at = @retryAt WHERE id = @SubscriptionId",
            new { retryAt, delivery.SubscriptionId }, transaction);
        await connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = @status, last_error = @error, claimed_until = NULL,
                next_attempt_at = @retryAt, status = CASE WHEN attempts + 1 >= @max THEN 'failed' ELSE status END
            WHERE id = @Id
            """, new { status, error, retryAt, max = _options.MaxAttemptsPerDelivery, delivery.Id }, transaction);
        _logger.LogWarning("Webhook delivery {Id} to subscription {Subscription} failed ({Error}); {Failures} in a row",
            delivery.Id, delivery.SubscriptionId, error, failures);
        if (failures >= _options.DisableAfterFailures)
        {
            await DisableAsync(connection, transaction, delivery, $"{failures} failed attempts in a row, the last: {error}", now);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task DisableAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Due delivery,
        string reason, DateTimeOffset now)
    {
        var before = await connection.FindAsync(delivery.SubscriptionId, null, transaction);
        var disabled = await connection.ExecuteAsync(
            "UPDATE webhook_subscriptions SET disabled_at = @now, disabled_reason = @reason WHERE id = @SubscriptionId AND disabled_at IS NULL",
            new { now = UnixTime.ToMs(now), reason, delivery.SubscriptionId }, transaction);
        if (disabled == 0)
        {
            return;   // another instance disabled it first, and told the school then
        }

        var after = await connection.FindAsync(delivery.SubscriptionId, null, transaction);
        await _audit.RecordAsync(connection, transaction, AuditActor.Gateway, "disable", "webhook", delivery.SubscriptionId, delivery.SchoolId,
            before, after);
        _metrics.WebhookSubscriptionsDisabled.Add();
        _logger.LogWarning("Webhook subscription {Subscription} of school {School} disabled: {Reason}", delivery.SubscriptionId,
            delivery.SchoolId, reason);
    }

    /// <summary>After a failure, the rest of the subscription's page waits for its retry time like everything else of it.</summary>
    private async Task ReleaseAsync(string claim, long subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE webhook_deliveries SET claimed_until = NULL WHERE claimed_by = @claim AND subscription_id = @subscriptionId AND status = 'queued'",
            new { claim, subscriptionId });
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
