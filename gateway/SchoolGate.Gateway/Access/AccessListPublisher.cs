using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Access;

/// <summary>
/// Keeps every turnstile's offline access list (<c>.../access/list</c>, QoS 1, retained) equal to
/// the active cards of the active students of its school. Lists are published for every
/// turnstile when the broker starts (only where they differ from what is retained, so a restart
/// does not bump versions), at once when a device is registered, and after changes, coalesced
/// for <see cref="AccessListOptions.DebounceMs"/>. Retained copies are persisted by
/// <see cref="RetainedMessageStore"/>, so a device that connects while nothing changes still
/// gets its list on subscribe, also after a gateway restart.
/// </summary>
public sealed class AccessListPublisher(
    AccessListQueries queries,
    DevicePublisher publisher,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<AccessListOptions> options,
    ILogger<AccessListPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly AccessListChanges _pending = new();
    private readonly Dictionary<string, PublishedList> _published = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private ITimer? _timer;

    private sealed record PublishedList(long Version, string Digest);

    /// <summary>A card was issued or revoked: its school's lists are recomputed after the debounce.</summary>
    public void CardChanged(string cardId) => Mark(c => c.Cards.Add(cardId), TimeSpan.FromMilliseconds(options.Value.DebounceMs));

    /// <summary>A student was activated or deactivated.</summary>
    public void StudentChanged(long studentId) => Mark(c => c.Students.Add(studentId), TimeSpan.FromMilliseconds(options.Value.DebounceMs));

    /// <summary>A new device gets its list at once: there is nothing to coalesce with.</summary>
    public void DeviceRegistered(string deviceId) => Mark(c => c.Devices.Add(deviceId), TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The broker has started (it is registered first), so its retained lists are loaded.
        Mark(c => c.All = true, TimeSpan.Zero);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(stoppingToken);
                await PublishPendingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _wake.Dispose();
        base.Dispose();
    }

    // The timer is armed here, in the caller's thread, not in the loop: the debounce window starts
    // with the first change, and a test that advances a fake clock after the API call returns can
    // never race the loop.
    private void Mark(Action<AccessListChanges> change, TimeSpan delay)
    {
        lock (_gate)
        {
            change(_pending);
            if (delay <= TimeSpan.Zero)
            {
                _timer?.Dispose();
                _timer = null;
                Wake();
            }
            else
            {
                _timer ??= time.CreateTimer(_ => OnTimer(), null, delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            Wake();
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake: the loop will see every pending change.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        AccessListChanges changes;
        lock (_gate)
        {
            if (_pending.IsEmpty)
            {
                return;
            }

            changes = _pending.TakeAll();
        }

        IReadOnlyList<AccessListQueries.Turnstile> devices;
        try
        {
            devices = await queries.AffectedTurnstilesAsync(changes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Access lists: could not find the affected turnstiles; retrying");
            Retry(changes);
            return;
        }

        foreach (var school in devices.GroupBy(d => d.SchoolId))
        {
            try
            {
                var cards = await SchoolCardsAsync(school.Key, cancellationToken);
                foreach (var device in school)
                {
                    await PublishAsync(device.DeviceId, cards, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The broker stopping, or the store failing: keep these devices pending. A gateway
                // that stops now republishes whatever differs on its next start.
                logger.LogWarning(ex, "Access lists: publishing for school {SchoolId} failed; retrying", school.Key);
                var retry = new AccessListChanges();
                foreach (var device in school)
                {
                    retry.Devices.Add(device.DeviceId);
                }

                Retry(retry);
            }
        }
    }

    private async Task<string[]> SchoolCardsAsync(long schoolId, CancellationToken cancellationToken)
    {
        var cards = AccessLists.Normalize(await queries.ActiveCardsAsync(schoolId, cancellationToken));
        var max = options.Value.MaxCards;
        if (cards.Length <= max)
        {
            return cards;
        }

        metrics.AccessListsTruncated.Add();
        logger.LogError(
            "Access lists: school {SchoolId} has {Count} active cards, more than AccessList:MaxCards = {Max}; its turnstiles get the first {Max} and refuse the rest while the gateway is away",
            schoolId, cards.Length, max, max);
        return cards[..max];
    }

    private async Task PublishAsync(string deviceId, string[] cards, CancellationToken cancellationToken)
    {
        var digest = Digest(cards);
        var previous = await PreviousAsync(deviceId);
        if (previous?.Digest == digest)
        {
            return;
        }

        var version = AccessLists.NextVersion(previous?.Version ?? 0, time.NowMs());
        await publisher.PublishRetainedAsync(deviceId, Topics.AccessList, ProtocolCodec.Encode(new AccessList(version, cards)), cancellationToken);
        _published[deviceId] = new PublishedList(version, digest);
        metrics.AccessListsPublished.Add();
        logger.LogInformation("Access list v{Version} with {Count} cards -> {DeviceId}", version, cards.Length, deviceId);
    }

    // What the device already has: our last publish, or after a restart the retained copy that
    // RetainedMessageStore loaded into the broker.
    private async Task<PublishedList?> PreviousAsync(string deviceId)
    {
        if (_published.TryGetValue(deviceId, out var known))
        {
            return known;
        }

        var retained = await publisher.GetRetainedAsync(deviceId, Topics.AccessList);
        if (retained is null || !ProtocolCodec.TryDecode(retained, ProtocolJsonContext.Default.AccessList, out var list, out _))
        {
            return null;
        }

        return _published[deviceId] = new PublishedList(list.Version, Digest(AccessLists.Normalize(list.Cards)));
    }

    private void Retry(AccessListChanges changes)
    {
        lock (_gate)
        {
            _pending.Merge(changes);
            _timer ??= time.CreateTimer(_ => OnTimer(), null, RetryAfter, Timeout.InfiniteTimeSpan);
        }
    }

    // Lists of a few thousand ids are compared by digest so the gateway keeps 32 bytes per device,
    // not every card id of every lane.
    private static string Digest(string[] cards) =>
        Convert.ToHexString(SHA256.HashData(ProtocolCodec.Encode(new AccessList(0, cards))));
}
