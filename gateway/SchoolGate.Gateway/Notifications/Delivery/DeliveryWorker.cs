using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// Runs the <see cref="DeliveryEngine"/> under the real clock: loads when a commit queued messages
/// (or every few seconds, for rows other instances released and rows whose time came), starts what
/// may go, records what finished, and sleeps until the next of those. On shutdown it starts no new
/// send, lets the ones in flight finish and records them, and hands what it held back to the outbox.
/// </summary>
public sealed class DeliveryWorker(DeliveryEngine engine, OutboxSignal signal, IOptions<DeliveryOptions> options, TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Worker)
        {
            return;
        }

        var nextLoad = DateTimeOffset.MinValue;
        var nextRenew = DateTimeOffset.MinValue;
        Task<bool>? woken = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= nextRenew && await TryAsync("renewing claims", engine.RenewClaimsAsync, stoppingToken))
            {
                // Also the moment to settle what a dead instance left 'sending' (their leases ran out).
                await TryAsync("settling abandoned sends", ct => engine.RecoverAbandonedAsync(ct), stoppingToken);
                nextRenew = now + RenewInterval;
            }

            if (woken is { IsCompleted: true } || now >= nextLoad)
            {
                // A wait still pending stays: dropped, it would swallow the next wake-up.
                if (woken is { IsCompleted: true })
                {
                    woken = null;
                }

                if (await TryAsync("loading queued messages", ct => engine.LoadAsync(ct), stoppingToken))
                {
                    nextLoad = now + PollInterval;
                }
            }

            // Each step on its own: outcomes the store refuses now must not stop the sends behind them.
            await TryAsync("recording outcomes", ct => engine.RecordAsync(ct), stoppingToken);
            await TryAsync("sending", ct => engine.DispatchAsync(ct), stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            woken ??= signal.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var sleep = Task.Delay(TimeUntil(engine.NextDue, nextLoad), time, delay.Token);
            var finished = engine.WaitForFinishedSendAsync(Timeout.InfiniteTimeSpan, delay.Token);
            // And a real-time poll: a test's frozen clock must not freeze the loop.
            var poll = Task.Delay(PollInterval, delay.Token);
            await Task.WhenAny(woken, sleep, finished, poll);
            delay.Cancel();
            await Task.WhenAll(sleep, finished, poll).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await StopAsync();
    }

    private async Task<bool> TryAsync(string what, Func<CancellationToken, Task> step, CancellationToken stoppingToken)
    {
        try
        {
            await step(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Parent message delivery: {What} failed; trying again", what);
            return false;
        }
    }

    private TimeSpan TimeUntil(DateTimeOffset? due, DateTimeOffset nextLoad)
    {
        var now = time.GetUtcNow();
        var at = due is { } d && d < nextLoad ? d : nextLoad;
        var wait = at - now;
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    private async Task StopAsync()
    {
        try
        {
            await engine.WhenSendsDoneAsync().WaitAsync(ShutdownGrace);
            await engine.RecordAsync(CancellationToken.None);
            await engine.ReleaseHeldAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // What is not recorded stays 'sending' (never sent twice, 'unknown' after its lease);
            // what is not released is taken over when its claim runs out.
            logger.LogWarning(ex, "Parent message delivery did not stop cleanly");
        }
    }
}
