using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// Delivers the outbox: claims queued rows (urgent ones first, always), lets the
/// <see cref="DeliveryScheduler"/> pick what may go now within every provider limit, marks those
/// rows 'sending', starts their sends without waiting for them, and records each outcome (sent,
/// coalesced, retried, waited out, fallen back, failed) in batches. One loop calls it: the
/// <see cref="DeliveryWorker"/> under the real clock, or a load simulation under a virtual one,
/// which then awaits <see cref="WhenSendsDoneAsync"/> before it moves its clock.
/// A send never waits for another: a slow or hung request holds only its own recipient.
/// </summary>
public sealed partial class DeliveryEngine
{
    /// <summary>Rows due within this much are taken into memory already, so they go on time.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    private readonly DeliveryStore _store;
    private readonly NotificationRouter _router;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<DeliveryEngine> _logger;
    private readonly DeliveryScheduler _scheduler;
    private readonly ConcurrentQueue<Finished> _finished = new();
    private readonly List<Finished> _unrecorded = [];
    private readonly SemaphoreSlim _finishedSignal = new(0);
    private int _inFlight;
    private long _lastLoadedId;
    private TaskCompletionSource _sendsDone = NewDone();

    public DeliveryEngine(DeliveryStore store, NotificationRouter router, IOptions<DeliveryOptions> options, TimeProvider time,
        GatewayMetrics metrics, ILogger<DeliveryEngine> logger)
    {
        _store = store;
        _router = router;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _scheduler = new DeliveryScheduler((channel, lane) =>
            _router.Find(channel) is IRateLimitedChannel limited ? limited.LimitsFor(lane) : LaneLimits.Unlimited, _options.MaxCoalesced);
        _sendsDone.SetResult();
    }

    /// <summary>Messages held in memory, waiting for their turn.</summary>
    public int Held => _scheduler.Count;

    /// <summary>The earliest instant something held may go, or null when nothing is held.</summary>
    public DateTimeOffset? NextDue => _scheduler.NextWakeMs(_time.NowMs()) is { } ms ? UnixTime.FromMs(ms) : null;

    /// <summary>Completes when a send finished (its outcome waits for <see cref="RecordAsync"/>).</summary>
    public Task<bool> WaitForFinishedSendAsync(TimeSpan timeout, CancellationToken ct) => _finishedSignal.WaitAsync(timeout, ct);

    /// <summary>Completes when no send is in flight.</summary>
    public Task WhenSendsDoneAsync() => Volatile.Read(ref _sendsDone).Task;

    /// <summary>
    /// Takes queued rows into memory: every urgent one due (even when memory is full), then, while
    /// under half of <see cref="DeliveryOptions.MaxHeld"/>, the others. A full load takes them most
    /// urgent and oldest first, from anywhere in the outbox (rows released by another instance,
    /// rows whose time came); a quick one only what was queued since the last load.
    /// </summary>
    public async Task<int> LoadAsync(CancellationToken ct, bool full = true)
    {
        var now = _time.NowMs();
        var horizon = now + (long)Horizon.TotalMilliseconds;
        var rows = await _store.ClaimAsync(now, horizon, DeliveryPriority.Safety, 1000, ct);
        if (Held + rows.Count < _options.MaxHeld / 2)
        {
            var rest = await _store.ClaimAsync(now, horizon, DeliveryPriority.Canteen, _options.MaxHeld - Held - rows.Count, ct,
                afterId: full ? null : _lastLoadedId);
            // Only these move the cursor: an alarm queued in the middle of a morning is claimed
            // out of turn, and the rows queued before it must still be found.
            _lastLoadedId = Math.Max(_lastLoadedId, rest.Select(r => r.Id).DefaultIfEmpty(0).Max());
            rows.AddRange(rest);
        }

        var unreachable = new List<RowOutcome>();
        foreach (var row in rows)
        {
            if (Admit(row, now) is { } refused)
            {
                unreachable.Add(refused);
            }
        }

        if (unreachable.Count > 0)
        {
            await _store.RecordAsync(unreachable, [], now, ct);
            _metrics.PerChannel("parentMessagesFailed", "none").Add(unreachable.Count);
        }

        return rows.Count;
    }

    /// <summary>Starts every send that may go now; returns how many started.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        var now = _time.NowMs();
        var batches = _scheduler.TakeReady(now);
        if (batches.Count == 0)
        {
            return 0;
        }

        HashSet<long> owned;
        try
        {
            owned = await _store.MarkSendingAsync([.. batches.SelectMany(b => b.Items).Select(i => i.Id)], now, ct);
        }
        catch
        {
            // Nothing went out: hold them again as they were.
            foreach (var batch in batches)
            {
                _scheduler.Complete(batch, now);
                foreach (var item in batch.Items)
                {
                    _scheduler.Add(item, now);
                }
            }

            throw;
        }

        var started = 0;
        foreach (var batch in batches)
        {
            // A row another instance took over (our claim had lapsed) is theirs now.
            var mine = batch.Items.Where(i => owned.Contains(i.Id)).ToList();
            if (mine.Count == 0)
            {
                _scheduler.Complete(batch, now);
                continue;
            }

            var send = mine.Count == batch.Items.Count ? batch : batch with { Items = mine };
            if (Interlocked.Increment(ref _inFlight) == 1)
            {
                Volatile.Write(ref _sendsDone, NewDone());
            }

            _ = SendAsync(send);
            started++;
        }

        return started;
    }

    /// <summary>
    /// Sends until nothing more may go at this instant, waiting for each round's sends: what a
    /// virtual-time simulation calls before it moves its clock to <see cref="NextDue"/>.
    /// </summary>
    public async Task PumpAsync(CancellationToken ct)
    {
        while (true)
        {
            var started = await DispatchAsync(ct);
            await WhenSendsDoneAsync();
            await RecordAsync(ct);
            if (started == 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Settles the rows a dead instance left 'sending': they become 'unknown' (never re-sent by the
    /// same channel, since Telegram cannot tell whether it has them), and an urgent one is queued
    /// again by the next channel that reaches the guardian, so an alarm is not left to chance.
    /// </summary>
    public async Task<int> RecoverAbandonedAsync(CancellationToken ct)
    {
        var now = _time.NowMs();
        var abandoned = await _store.TakeAbandonedAsync(now, ct);
        foreach (var row in abandoned)
        {
            _metrics.PerChannel("parentMessagesUnknown", row.Channel).Add();
            if (DeliveryPriority.IsUrgent((int)row.Priority) && _router.FallbackAfter(row.Channel, row.Contact) is { } fallback
                && await _store.QueueFallbackAsync(row.Id, fallback.Name, now, ct))
            {
                _metrics.PerChannel("parentMessagesFallbacks", row.Channel).Add();
            }
        }

        if (abandoned.Count > 0)
        {
            _logger.LogWarning("{Count} parent messages were being sent when a gateway stopped; marked 'unknown' (urgent ones queued again by the next channel)",
                abandoned.Count);
        }

        return abandoned.Count;
    }

    /// <summary>Renews the claims on what is held; at shutdown, hands what is held back.</summary>
    public Task RenewClaimsAsync(CancellationToken ct) => _store.RenewAsync(_time.NowMs(), ct);

    public Task ReleaseHeldAsync(CancellationToken ct) => _store.ReleaseAsync(_scheduler.HeldIds.ToArray(), ct);

    private static TaskCompletionSource NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Finished(DeliveryBatch Batch, INotificationChannel Channel, DeliveryReceipt? Receipt, DeliveryFailedException? Failure,
        long AtMs);
}
