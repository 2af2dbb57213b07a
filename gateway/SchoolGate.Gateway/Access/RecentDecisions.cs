namespace SchoolGate.Gateway.Access;

public sealed record RecentDecision(DateTimeOffset At, string DeviceId, string CardId, string Direction, bool Allow,
    string Reason, string? StudentFirstName, double DecisionMs);

/// <summary>The last taps and their decisions, in memory, for the dashboard (not an audit log:
/// the passages themselves are journaled by the devices and stored as events).</summary>
public sealed class RecentDecisions
{
    private const int Capacity = 100;
    private readonly LinkedList<RecentDecision> _items = new();

    public void Add(RecentDecision decision)
    {
        lock (_items)
        {
            _items.AddFirst(decision);
            if (_items.Count > Capacity)
            {
                _items.RemoveLast();
            }
        }
    }

    /// <param name="deviceFilter">Only the decisions of devices it accepts (a school's own lanes); null: all.</param>
    public RecentDecision[] Latest(int limit, Func<string, bool>? deviceFilter = null)
    {
        lock (_items)
        {
            return _items.Where(d => deviceFilter?.Invoke(d.DeviceId) ?? true).Take(limit).ToArray();
        }
    }
}
