namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// Decides which queued message goes next, in memory, without I/O, so the same code runs under the
/// real clock and a virtual one. Per lane (a bot): a token bucket for the lane's rate (and one for
/// paid broadcast), and per recipient (a chat) at most one send at a time and a minimum interval.
/// A recipient who is waiting (their chat got a message a moment ago) never holds up the others:
/// the lane serves, among recipients free now, the one with the most urgent message, oldest first.
/// Non-urgent messages to one recipient go together as one message; urgent ones go alone.
/// Not thread-safe: one loop owns it.
/// </summary>
public sealed partial class DeliveryScheduler(Func<string, string?, LaneLimits> limitsFor, int maxCoalesced = 10)
{
    private readonly Dictionary<(string Channel, string? Lane), Lane> _lanes = [];
    private readonly Dictionary<long, DeliveryItem> _items = [];
    private long _seq;

    public int Count => _items.Count;

    public void Add(DeliveryItem item, long nowMs)
    {
        if (!_items.TryAdd(item.Id, item))
        {
            return;
        }

        item.Seq = ++_seq;
        var lane = LaneOf(item.Channel, item.Lane, nowMs);
        if (!lane.Recipients.TryGetValue(item.Recipient, out var recipient))
        {
            recipient = new Recipient(item.Recipient, lane);
            lane.Recipients.Add(item.Recipient, recipient);
        }

        recipient.Items.Add(item);
        Reschedule(recipient, nowMs);
    }

    /// <summary>Every send that may start now, most urgent first, within each lane's limits.</summary>
    public List<DeliveryBatch> TakeReady(long nowMs)
    {
        var batches = new List<DeliveryBatch>();
        foreach (var lane in _lanes.Values)
        {
            lane.Promote(nowMs);
            while (lane.Ready.TryPeek(out var recipient, out var key))
            {
                if (key.Version != recipient.Version || recipient.State != RecipientState.Ready)
                {
                    lane.Ready.Dequeue();
                    continue;
                }

                if (recipient.Best(nowMs) is not { } best)
                {
                    // Its due message was forgotten meanwhile.
                    lane.Ready.Dequeue();
                    recipient.State = RecipientState.Idle;
                    Reschedule(recipient, nowMs);
                    continue;
                }

                var urgent = DeliveryPriority.IsUrgent(key.Priority);
                var paid = lane.Paid is not null && key.Priority <= lane.Limits.PaidUpToPriority;
                if ((!urgent && lane.PausedUntilMs > nowMs) || !(paid ? lane.Paid! : lane.Normal).TryTake(nowMs))
                {
                    // Ready is ordered by priority: nothing behind this one may go either.
                    break;
                }

                lane.Ready.Dequeue();
                batches.Add(Take(recipient, best, nowMs, paid));
            }
        }

        return batches;
    }

    /// <summary>The send of <paramref name="batch"/> is over (whatever its outcome): its recipient may get the next one.</summary>
    public void Complete(DeliveryBatch batch, long nowMs)
    {
        if (_lanes.TryGetValue((batch.Channel, batch.Lane), out var lane) && lane.Recipients.TryGetValue(batch.Recipient, out var recipient))
        {
            recipient.State = RecipientState.Idle;
            Reschedule(recipient, nowMs);
        }
    }

    /// <summary>Puts a message that failed back, to go again at <paramref name="notBeforeMs"/> (possibly by another channel).</summary>
    public void Retry(DeliveryItem item, long notBeforeMs, long nowMs)
    {
        item.NotBeforeMs = notBeforeMs;
        item.EligibleAtMs = Math.Max(item.EligibleAtMs, notBeforeMs);
        Add(item, nowMs);
    }

    /// <summary>The provider said "retry after": nothing more to this recipient, and nothing non-urgent on the lane, until then.</summary>
    public void Pause(DeliveryBatch batch, long untilMs, long nowMs)
    {
        if (_lanes.TryGetValue((batch.Channel, batch.Lane), out var lane))
        {
            lane.PausedUntilMs = Math.Max(lane.PausedUntilMs, untilMs);
            if (lane.Recipients.TryGetValue(batch.Recipient, out var recipient))
            {
                recipient.NextAllowedMs = Math.Max(recipient.NextAllowedMs, untilMs);
                Reschedule(recipient, nowMs);
            }
        }
    }

    /// <summary>The ids of every message held: to renew their claims, or release them at shutdown.</summary>
    public IReadOnlyCollection<long> HeldIds => _items.Keys;

    /// <summary>The earliest instant <see cref="TakeReady"/> could hand out something, or null if nothing is held.</summary>
    public long? NextWakeMs(long nowMs)
    {
        long? wake = null;
        foreach (var lane in _lanes.Values)
        {
            if (lane.NextWakeMs(nowMs) is { } at && (wake is null || at < wake))
            {
                wake = at;
            }
        }

        return wake;
    }

    private DeliveryBatch Take(Recipient recipient, DeliveryItem best, long nowMs, bool paid)
    {
        List<DeliveryItem> items = [best];
        if (!best.IsUrgent)
        {
            // Every other non-urgent message already due goes along, oldest first, including those
            // still inside their coalescing hold: that hold is there for exactly this.
            foreach (var other in recipient.Items.Where(i => i != best && !i.IsUrgent && i.NotBeforeMs <= nowMs).OrderBy(i => i.Seq))
            {
                if (items.Count == maxCoalesced)
                {
                    break;
                }

                items.Add(other);
            }

            items.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        }

        foreach (var item in items)
        {
            recipient.Items.Remove(item);
            _items.Remove(item.Id);
        }

        recipient.State = RecipientState.InFlight;
        recipient.NextAllowedMs = nowMs + recipient.Lane.RecipientIntervalMs;
        return new DeliveryBatch(recipient.Lane.Channel, recipient.Lane.Name, recipient.Key, items, paid);
    }

    private void Reschedule(Recipient recipient, long nowMs)
    {
        if (recipient.State == RecipientState.InFlight)
        {
            return;
        }

        recipient.Version++;
        if (recipient.Items.Count == 0)
        {
            recipient.State = RecipientState.Idle;
            if (recipient.NextAllowedMs <= nowMs)
            {
                recipient.Lane.Recipients.Remove(recipient.Key);
            }

            return;
        }

        var wake = Math.Max(recipient.NextAllowedMs, recipient.Items.Min(i => i.EligibleAtMs));
        recipient.State = RecipientState.Waiting;
        recipient.Lane.Waiting.Enqueue(recipient, (wake, recipient.Version));
        if (wake <= nowMs)
        {
            recipient.Lane.Promote(nowMs);
        }
    }

    private Lane LaneOf(string channel, string? name, long nowMs)
    {
        if (!_lanes.TryGetValue((channel, name), out var lane))
        {
            lane = new Lane(channel, name, limitsFor(channel, name), nowMs);
            _lanes.Add((channel, name), lane);
        }

        return lane;
    }
}
