namespace SchoolGate.Simulator.Planning;

/// <summary>FIFO of child indices on a growable ring buffer (no allocation per enqueue).</summary>
internal sealed class ChildQueue
{
    private int[] _items = new int[16];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(int child)
    {
        if (Count == _items.Length)
        {
            var grown = new int[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = _items[(_head + i) % _items.Length];
            }

            _items = grown;
            _head = 0;
        }

        _items[(_head + Count) % _items.Length] = child;
        Count++;
    }

    public int Dequeue()
    {
        var child = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return child;
    }
}
