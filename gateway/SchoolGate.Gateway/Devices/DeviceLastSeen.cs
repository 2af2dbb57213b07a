using System.Collections.Concurrent;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Devices;

/// <summary>
/// When each device was last heard from: its connect and every message the gateway accepted from
/// it (a lane busy tapping cards is not idle just because its heartbeat is 30 s away). Kept in
/// memory on the hot path and written to device_state.last_seen_at at most once per
/// <see cref="WriteInterval"/> for all devices that changed, in one transaction, and on shutdown;
/// readers merge both (<see cref="Latest"/>), so the API is never behind.
/// </summary>
public sealed class DeviceLastSeen(IDbConnectionFactory db, TimeProvider time, ILogger<DeviceLastSeen> logger) : BackgroundService
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, long> _seenMs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _writtenMs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Seen(string deviceId)
    {
        var now = time.NowMs();
        // Concurrent messages of one device may finish out of order: "last seen" never goes back.
        _seenMs.AddOrUpdate(deviceId, now, (_, earlier) => Math.Max(earlier, now));
    }

    /// <summary>The later of <paramref name="storedMs"/> (device_state) and what was seen since it was written.</summary>
    public DateTimeOffset? Latest(string deviceId, long? storedMs)
    {
        long? latest = _seenMs.TryGetValue(deviceId, out var seen) && (storedMs is null || seen > storedMs) ? seen : storedMs;
        return UnixTime.FromMs(latest);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(WriteInterval, time, stoppingToken);
                await WriteAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The broker has stopped before any hosted service does, so nothing is seen after this.
        await WriteAsync(CancellationToken.None);
    }

    /// <summary>Writes every device seen since its last write; a failure is logged and retried next time.</summary>
    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            var changed = _seenMs.Where(s => !_writtenMs.TryGetValue(s.Key, out var written) || written < s.Value)
                .Select(s => new { deviceId = s.Key, seenMs = s.Value })
                .ToList();
            if (changed.Count == 0)
            {
                return;
            }

            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // CASE, not MAX/GREATEST (which differ between SQLite and PostgreSQL): a state message
            // may have written a later time in the meantime.
            await connection.ExecuteAsync("""
                INSERT INTO device_state (device_id, last_seen_at) VALUES (@deviceId, @seenMs)
                ON CONFLICT (device_id) DO UPDATE SET last_seen_at = CASE
                    WHEN device_state.last_seen_at IS NULL OR device_state.last_seen_at < excluded.last_seen_at THEN excluded.last_seen_at
                    ELSE device_state.last_seen_at END
                """, changed, transaction);
            await transaction.CommitAsync(cancellationToken);
            foreach (var item in changed)
            {
                _writtenMs.AddOrUpdate(item.deviceId, item.seenMs, (_, earlier) => Math.Max(earlier, item.seenMs));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not record when devices were last seen; retrying in {Seconds} s", WriteInterval.TotalSeconds);
        }
        finally
        {
            _writing.Release();
        }
    }

    public override void Dispose()
    {
        _writing.Dispose();
        base.Dispose();
    }
}
