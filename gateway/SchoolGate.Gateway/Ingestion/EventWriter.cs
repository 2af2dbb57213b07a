using System.Threading.Channels;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Ingestion;

/// <summary>
/// Group commit: every device's interceptor queues its event here and awaits its own completion;
/// one writer takes whatever is queued (up to <see cref="MaxBatch"/>), stores it in ONE transaction,
/// commits, then completes each waiter. Under load one fsync covers a whole batch; with one event
/// queued it behaves like a plain commit. Items are applied in queue order, and one device's
/// events are queued in order (MQTTnet handles a connection's packets sequentially), so
/// per-device order is preserved.
/// </summary>
public sealed class EventWriter(IDbConnectionFactory db, EventStore store, GatewayMetrics metrics, TimeProvider time, ILogger<EventWriter> logger)
    : BackgroundService
{
    public const int MaxBatch = 100;

    private sealed record Pending(PassageEvent Event, TaskCompletionSource<EventCommitResult> Completion);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Sizes of the committed batches, for tests and diagnostics.</summary>
    public event Action<int>? BatchCommitted;

    public async Task<EventCommitResult> CommitAsync(PassageEvent e, CancellationToken cancellationToken)
    {
        var pending = new Pending(e, new TaskCompletionSource<EventCommitResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await WriteBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            // Nothing was committed for these: the devices get no PUBACK/ack and will re-send.
            while (_queue.Reader.TryRead(out var left))
            {
                left.Completion.TrySetCanceled();
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            var results = await CommitTransactionAsync(batch);
            metrics.EventBatches.Add();
            BatchCommitted?.Invoke(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad event must not fail its neighbours: retry each in its own transaction.
            logger.LogWarning(ex, "Event batch of {Count} failed; retrying one by one", batch.Count);
            foreach (var item in batch)
            {
                await WriteBatchAsync([item]);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not store event {DeviceId}#{Seq}", batch[0].Event.DeviceId, batch[0].Event.Seq);
            batch[0].Completion.TrySetException(ex);
        }
    }

    private async Task<EventCommitResult[]> CommitTransactionAsync(List<Pending> batch)
    {
        var results = new EventCommitResult[batch.Count];
        var afterCommit = new List<Action>();
        await using var connection = await db.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // Before any write: another gateway on the same database may be storing events of the same devices.
            await db.Dialect.LockDevicesAsync(connection, transaction, batch.Select(p => p.Event.DeviceId));
            var receivedAt = time.GetUtcNow();
            for (var i = 0; i < batch.Count; i++)
            {
                var scope = new EventScope(connection, transaction);
                results[i] = await store.ApplyAsync(batch[i].Event, receivedAt, scope);
                afterCommit.AddRange(scope.CommittedActions);
            }

            await transaction.CommitAsync();
        }

        foreach (var action in afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "After-commit action failed");
            }
        }

        return results;
    }
}
