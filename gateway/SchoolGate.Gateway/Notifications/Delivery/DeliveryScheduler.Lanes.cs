namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>The scheduler's state: per lane its buckets and heaps, per recipient its messages and pace.</summary>
public sealed partial class DeliveryScheduler
{
    private enum RecipientState
    {
        Idle,
        Waiting,
        Ready,
        InFlight,
    }

    private readonly record struct ReadyKey(int Priority, long Seq, long Version);

    private sealed class Recipient(string key, Lane lane)
    {
        public string Key { get; } = key;

        public Lane Lane { get; } = lane;

        public List<DeliveryItem> Items { get; } = [];

        public long NextAllowedMs { get; set; }

        public RecipientState State { get; set; }

        public long Version { get; set; }

        /// <summary>The most urgent message due now, oldest first.</summary>
        public DeliveryItem? Best(long nowMs)
        {
            DeliveryItem? best = null;
            foreach (var item in Items)
            {
                if (item.EligibleAtMs <= nowMs && (best is null || item.Priority < best.Priority
                    || (item.Priority == best.Priority && item.Seq < best.Seq)))
                {
                    best = item;
                }
            }

            return best;
        }
    }

    private sealed class Lane
    {
        public Lane(string channel, string? name, LaneLimits limits, long nowMs)
        {
            Channel = channel;
            Name = name;
            Limits = limits;
            Normal = new TokenBucket(limits.PerSecond, limits.Burst, nowMs);
            Paid = limits.PaidPerSecond > 0 ? new TokenBucket(limits.PaidPerSecond, Math.Max(1, limits.PaidPerSecond), nowMs) : null;
            // Instants here are whole milliseconds, cut down from the clock's: one more keeps a
            // recipient's next send a full interval after the last one on the provider's own clock.
            RecipientIntervalMs = double.IsPositiveInfinity(limits.PerRecipientPerSecond) ? 0 : (long)Math.Ceiling(1000 / limits.PerRecipientPerSecond) + 1;
        }

        public string Channel { get; }

        public string? Name { get; }

        public LaneLimits Limits { get; }

        public TokenBucket Normal { get; }

        public TokenBucket? Paid { get; }

        public long RecipientIntervalMs { get; }

        /// <summary>After a "retry after" for the lane: non-urgent sends wait until then; urgent ones still try.</summary>
        public long PausedUntilMs { get; set; }

        public Dictionary<string, Recipient> Recipients { get; } = new(StringComparer.Ordinal);

        public PriorityQueue<Recipient, (long WakeMs, long Version)> Waiting { get; } = new();

        public PriorityQueue<Recipient, ReadyKey> Ready { get; } = new(Comparer<ReadyKey>.Create((a, b) =>
            a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Seq.CompareTo(b.Seq)));

        /// <summary>Moves every waiting recipient whose time has come to Ready, keyed by its best message.</summary>
        public void Promote(long nowMs)
        {
            while (Waiting.TryPeek(out var recipient, out var key) && key.WakeMs <= nowMs)
            {
                Waiting.Dequeue();
                if (key.Version != recipient.Version || recipient.State != RecipientState.Waiting)
                {
                    continue;
                }

                if (recipient.Best(nowMs) is { } best)
                {
                    recipient.State = RecipientState.Ready;
                    Ready.Enqueue(recipient, new ReadyKey(best.Priority, best.Seq, recipient.Version));
                }
            }
        }

        public long? NextWakeMs(long nowMs)
        {
            long? wake = null;
            while (Ready.TryPeek(out var recipient, out var key))
            {
                if (key.Version != recipient.Version || recipient.State != RecipientState.Ready)
                {
                    Ready.Dequeue();
                    continue;
                }

                var paid = Paid is not null && key.Priority <= Limits.PaidUpToPriority;
                var at = (paid ? Paid! : Normal).NextTokenAt(nowMs);
                if (!DeliveryPriority.IsUrgent(key.Priority))
                {
                    at = Math.Max(at, PausedUntilMs);
                }

                wake = at;
                break;
            }

            while (Waiting.TryPeek(out var recipient, out var key))
            {
                if (key.Version != recipient.Version || recipient.State != RecipientState.Waiting)
                {
                    Waiting.Dequeue();
                    continue;
                }

                if (wake is null || key.WakeMs < wake)
                {
                    wake = key.WakeMs;
                }

                break;
            }

            return wake;
        }
    }
}
