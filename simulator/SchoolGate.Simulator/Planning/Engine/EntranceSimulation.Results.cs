namespace SchoolGate.Simulator.Planning;

/// <summary>Queue-length sampling and turning the run's raw arrays into a <see cref="ReplicationResult"/>.</summary>
public sealed partial class EntranceSimulation
{
    private void Sample(double now) => _sampler.Advance(now, _waiting);

    private ReplicationResult Collect(double measureFrom)
    {
        var n = _arrival.Length;
        var measured = 0;
        var late = 0;
        var lateAnyway = 0;
        var totals = new List<float>(n);
        var pointWaits = new List<float>[_pointCount];
        for (var p = 0; p < _pointCount; p++)
        {
            pointWaits[p] = new List<float>(n);
        }

        for (var child = 0; child < n; child++)
        {
            if (_arrival[child] < measureFrom)
            {
                continue;
            }

            measured++;
            totals.Add(_totalWait[child]);
            for (var p = 0; p < _pointCount; p++)
            {
                if (_visited[p][child])
                {
                    pointWaits[p].Add(_pointWait[p][child]);
                }
            }

            var departure = _departure[child];
            if (departure > _lessonStart)
            {
                if (_arrival[child] + _ownService[child] <= _lessonStart)
                {
                    late++;
                }
                else
                {
                    lateAnyway++;
                }
            }
        }

        var lanes = new LaneUsage[_pointCount][];
        for (var s = 0; s < _stages.Length; s++)
        {
            lanes[_stagePoint[s]] = Usage(_busySeconds[s], _served[s]);
        }

        if (_screeningPoint >= 0)
        {
            lanes[_screeningPoint] = Usage(_staffBusySeconds, _staffServed);
        }

        return new ReplicationResult
        {
            Arrived = n,
            Departed = _departed,
            Measured = measured,
            TotalWaits = [.. totals],
            PointWaits = [.. pointWaits.Select(w => w.ToArray())],
            Lanes = lanes,
            Completed = _completed,
            MaxWaiting = _maxWaiting,
            FirstArrival = n > 0 ? _arrival[0] : 0,
            LastDeparture = n > 0 ? _lastDeparture : 0,
            LateBecauseOfQueue = late,
            LateAnyway = lateAnyway,
            Series = _sampler.ToSeries(),
        };
    }

    private static LaneUsage[] Usage(double[] busy, int[] served)
    {
        var usage = new LaneUsage[busy.Length];
        for (var i = 0; i < busy.Length; i++)
        {
            usage[i] = new LaneUsage(busy[i], served[i]);
        }

        return usage;
    }
}
