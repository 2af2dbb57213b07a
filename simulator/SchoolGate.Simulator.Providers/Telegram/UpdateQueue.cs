namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// One bot's pending updates for getUpdates, with Telegram's rules: an update stays until a call
/// asks for an offset past it (that confirms it); a long poll answers as soon as there is one;
/// a new getUpdates call ends the one still waiting with 409, as Telegram does when two instances
/// of a bot poll.
/// </summary>
internal sealed class UpdateQueue
{
    private readonly object _gate = new();
    private readonly List<(int Id, byte[] Json)> _pending = [];
    private TaskCompletionSource _arrived = NewSignal();
    private CancellationTokenSource? _waiting;
    private int _lastId;

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public int NextId()
    {
        lock (_gate)
        {
            return ++_lastId;
        }
    }

    public void Add(int id, byte[] json)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _pending.Add((id, json));
            arrived = _arrived;
            _arrived = NewSignal();
        }

        arrived.TrySetResult();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    /// <summary>
    /// The updates from <paramref name="offset"/> on, waiting up to <paramref name="timeout"/> for
    /// one; null if a newer call took over the wait.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>?> TakeAsync(long? offset, int limit, TimeSpan timeout, CancellationToken aborted)
    {
        // Not disposed: a newer call may cancel it after this one ended, and one without a timer holds nothing.
        var superseded = new CancellationTokenSource();
        CancellationTokenSource? previous;
        Task arrived;
        IReadOnlyList<byte[]>? ready = null;
        lock (_gate)
        {
            Confirm(offset);
            previous = _waiting;
            var now = Select(offset, limit);
            if (now.Count > 0 || timeout <= TimeSpan.Zero)
            {
                ready = now;
                _waiting = null;
            }
            else
            {
                _waiting = superseded;
            }

            arrived = _arrived.Task;
        }

        // Outside the lock: the waiting call's continuation may run on this thread.
        previous?.Cancel();
        if (ready is not null)
        {
            return ready;
        }

        try
        {
            // Real time, not the fake's clock: a long poll is about sockets; the limits run on the injected clock.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, superseded.Token);
            await arrived.WaitAsync(timeout, stop.Token);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (superseded.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                if (_waiting == superseded)
                {
                    _waiting = null;
                }
            }
        }

        lock (_gate)
        {
            return Select(offset, limit);
        }
    }

    private void Confirm(long? offset)
    {
        if (offset is null)
        {
            return;
        }

        if (offset > 0)
        {
            _pending.RemoveAll(u => u.Id < offset);
        }
        else if (offset < 0 && _pending.Count > -offset)
        {
            // Telegram: a negative offset keeps only the last -offset updates.
            _pending.RemoveRange(0, _pending.Count - (int)Math.Min(-offset.Value, int.MaxValue));
        }
    }

    private List<byte[]> Select(long? offset, int limit) =>
        [.. _pending.Where(u => offset is null or <= 0 || u.Id >= offset).Take(limit).Select(u => u.Json)];

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
