namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Samples the number waiting at each queueing point on the grid of the requested interval, but
/// never holds more than <see cref="MaxPoints"/> values per point: when a morning is long (a bus
/// of a child an hour, a Poisson horizon of years) it doubles the bucket width and keeps each
/// bucket's largest sample, so memory and chart size depend on <see cref="MaxPoints"/>, not on the
/// simulated span, and a peak the requested grid would show is never averaged away.
/// </summary>
internal sealed class QueueSampler
{
    /// <summary>Values per point and series; a chart of 900 px cannot show more anyway.</summary>
    public const int MaxPoints = 2000;

    private readonly double _interval;
    private readonly List<float>[] _buckets;
    private long _factor = 1;     // grid steps per bucket, a power of two
    private long _firstBucket;    // absolute bucket index (bucket b starts at b * _factor * _interval)
    private long _nextGrid;       // absolute index of the next grid instant not yet sampled
    private bool _started;

    public QueueSampler(double interval, int points)
    {
        _interval = interval;
        _buckets = new List<float>[points];
        for (var p = 0; p < points; p++)
        {
            _buckets[p] = [];
        }
    }

    /// <summary>Starts the grid at the interval boundary at or before the first arrival.</summary>
    public void Start(double firstArrival)
    {
        _nextGrid = (long)Math.Floor(firstArrival / _interval);
        _firstBucket = _nextGrid;
        _started = true;
    }

    /// <summary>
    /// Every grid instant from the last call up to <paramref name="now"/> sees <paramref name="waiting"/>:
    /// queues only change at events, and this runs before the event at <paramref name="now"/>.
    /// </summary>
    public void Advance(double now, int[] waiting)
    {
        if (!_started || !double.IsFinite(now))
        {
            return;
        }

        var lastGrid = (long)Math.Floor(now / _interval);
        if (lastGrid < _nextGrid)
        {
            return;
        }

        while (QueueSeries.FloorDiv(lastGrid, _factor) - _firstBucket + 1 > MaxPoints)
        {
            Coarsen();
        }

        // Only buckets are visited, never single grid instants, so a long idle gap costs nothing.
        for (var bucket = QueueSeries.FloorDiv(_nextGrid, _factor); bucket <= QueueSeries.FloorDiv(lastGrid, _factor); bucket++)
        {
            var index = (int)(bucket - _firstBucket);
            for (var p = 0; p < _buckets.Length; p++)
            {
                var values = _buckets[p];
                while (values.Count <= index)
                {
                    values.Add(0);
                }

                values[index] = Math.Max(values[index], waiting[p]);
            }
        }

        _nextGrid = lastGrid + 1;
    }

    public QueueSeries ToSeries() => new(
        _firstBucket * _factor * _interval,
        _factor * _interval,
        [.. _buckets.Select(b => b.ToArray())]);

    private void Coarsen()
    {
        var first = QueueSeries.FloorDiv(_firstBucket, 2);
        foreach (var values in _buckets)
        {
            var merged = new List<float>(values.Count / 2 + 1);
            for (var i = 0; i < values.Count; i++)
            {
                var target = (int)(QueueSeries.FloorDiv(_firstBucket + i, 2) - first);
                if (target == merged.Count)
                {
                    merged.Add(values[i]);
                }
                else
                {
                    merged[target] = Math.Max(merged[target], values[i]);
                }
            }

            values.Clear();
            values.AddRange(merged);
        }

        _firstBucket = first;
        _factor *= 2;
    }
}
