namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Binary min-heap of struct events ordered by (time, sequence). The sequence number breaks ties in
/// insertion order, which keeps runs with simultaneous events (fixed service times) reproducible.
/// </summary>
internal sealed class EventQueue
{
    private SimEvent[] _heap = new SimEvent[64];
    private long _nextSequence;

    public int Count { get; private set; }

    public double PeekTime => _heap[0].Time;

    public void Push(double time, SimEventKind kind, int stage, int server, int child)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var item = new SimEvent(time, _nextSequence++, kind, stage, server, child);
        var index = Count++;
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!Less(item, _heap[parent]))
            {
                break;
            }

            _heap[index] = _heap[parent];
            index = parent;
        }

        _heap[index] = item;
    }

    public SimEvent Pop()
    {
        var top = _heap[0];
        var last = _heap[--Count];
        var index = 0;
        while (true)
        {
            var child = 2 * index + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], last))
            {
                break;
            }

            _heap[index] = _heap[child];
            index = child;
        }

        if (Count > 0)
        {
            _heap[index] = last;
        }

        return top;
    }

    private static bool Less(in SimEvent a, in SimEvent b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
