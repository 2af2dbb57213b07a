namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Discrete-event simulation of one morning at one entrance: children arrive, queue at each stage
/// (shared line or a line per lane), are served, and alarmed children step aside to secondary
/// screening before going on. Pure: no I/O, no clock; the same scenario and replication number
/// always give the same result.
/// </summary>
public sealed partial class EntranceSimulation
{
    private readonly StagePlan[] _stages;
    private readonly int[] _stagePoint;
    private readonly int _screeningPoint;
    private readonly int _pointCount;
    private readonly Distribution _screening;
    private readonly int _staff;
    private readonly double _lessonStart;
    private readonly Random _serviceRng;
    private readonly EventQueue _events = new();

    // Per stage: lane busy flags, per-lane or single shared queue, usage counters.
    private readonly bool[][] _busy;
    private readonly ChildQueue[][] _queues;
    private readonly double[][] _busySeconds;
    private readonly int[][] _served;
    private readonly int[] _waiting;
    private readonly int[] _maxWaiting;
    private readonly int[] _completed;

    private readonly bool[] _staffBusy;
    private readonly ChildQueue _screeningQueue = new();
    private readonly double[] _staffBusySeconds;
    private readonly int[] _staffServed;

    private readonly double[] _arrival;
    private readonly double[] _queuedAt;
    private readonly float[] _totalWait;
    private readonly float[][] _pointWait;
    private readonly bool[][] _visited;
    private readonly double[] _ownService;
    private readonly double[] _departure;
    private readonly int[] _resumeStage;
    private double _lastDeparture = double.NegativeInfinity;
    private int _departed;

    private readonly double _sampleInterval;
    private readonly QueueSampler _sampler;

    private EntranceSimulation(Scenario scenario, double[] arrivals, int replication)
    {
        _stages = StagePlan.From(scenario);
        var hasDetectors = _stages.Length == 2;
        _pointCount = hasDetectors ? 3 : 1;
        _stagePoint = hasDetectors ? [0, 2] : [0];
        _screeningPoint = hasDetectors ? 1 : -1;
        _screening = scenario.Entrance.Detectors.Screening;
        _staff = hasDetectors ? scenario.Entrance.Detectors.Staff : 0;
        _lessonStart = scenario.LessonStart;
        _serviceRng = new Random(SeedSequence.For(scenario.Simulation.Seed, replication, SeedSequence.ServiceStream));

        _busy = new bool[_stages.Length][];
        _queues = new ChildQueue[_stages.Length][];
        _busySeconds = new double[_stages.Length][];
        _served = new int[_stages.Length][];
        for (var s = 0; s < _stages.Length; s++)
        {
            var lanes = _stages[s].Lanes;
            _busy[s] = new bool[lanes];
            _busySeconds[s] = new double[lanes];
            _served[s] = new int[lanes];
            var queueCount = _stages[s].Queue == QueueDiscipline.Shared ? 1 : lanes;
            _queues[s] = new ChildQueue[queueCount];
            for (var q = 0; q < queueCount; q++)
            {
                _queues[s][q] = new ChildQueue();
            }
        }

        _waiting = new int[_pointCount];
        _maxWaiting = new int[_pointCount];
        _completed = new int[_pointCount];
        _staffBusy = new bool[_staff];
        _staffBusySeconds = new double[_staff];
        _staffServed = new int[_staff];

        var n = arrivals.Length;
        _arrival = arrivals;
        _queuedAt = new double[n];
        _totalWait = new float[n];
        _ownService = new double[n];
        _departure = new double[n];
        _resumeStage = new int[n];
        _pointWait = new float[_pointCount][];
        _visited = new bool[_pointCount][];
        for (var p = 0; p < _pointCount; p++)
        {
            _pointWait[p] = new float[n];
            _visited[p] = new bool[n];
        }

        _sampleInterval = scenario.Simulation.SampleIntervalSeconds;
        _sampler = new QueueSampler(_sampleInterval, _pointCount);
    }

    /// <summary>Runs replication <paramref name="replication"/> (0-based) of the scenario.</summary>
    public static ReplicationResult Run(Scenario scenario, int replication)
    {
        var arrivalRng = new Random(SeedSequence.For(scenario.Simulation.Seed, replication, SeedSequence.ArrivalStream));
        var schedule = ArrivalGenerator.Generate(scenario, arrivalRng);
        return new EntranceSimulation(scenario, schedule.Times, replication).Execute(schedule.MeasureFrom);
    }

    private ReplicationResult Execute(double measureFrom)
    {
        var arrivals = _arrival;
        if (arrivals.Length > 0)
        {
            _sampler.Start(arrivals[0]);
        }

        var next = 0;
        while (next < arrivals.Length || _events.Count > 0)
        {
            // Arrivals at the same instant as a completion go first: the lane that frees up then
            // sees the newcomer in its queue, as a real line would.
            if (next < arrivals.Length && (_events.Count == 0 || arrivals[next] <= _events.PeekTime))
            {
                var t = arrivals[next];
                Sample(t);
                Enter(0, next, t);
                next++;
                continue;
            }

            var e = _events.Pop();
            Sample(e.Time);
            if (e.Kind == SimEventKind.ServiceEnd)
            {
                CompleteService(e.Stage, e.Server, e.Child, e.Time);
            }
            else
            {
                CompleteScreening(e.Server, e.Child, e.Time);
            }
        }

        Sample(_lastDeparture + _sampleInterval);
        return Collect(measureFrom);
    }

    private void Enter(int stage, int child, double t)
    {
        if (stage == _stages.Length)
        {
            _departed++;
            _lastDeparture = Math.Max(_lastDeparture, t);
            _departure[child] = t;
            return;
        }

        var plan = _stages[stage];
        var busy = _busy[stage];
        int lane;
        ChildQueue queue;
        if (plan.Queue == QueueDiscipline.Shared)
        {
            queue = _queues[stage][0];
            lane = queue.Count == 0 ? Array.IndexOf(busy, false) : -1;
        }
        else
        {
            lane = ShortestLane(stage);
            queue = _queues[stage][lane];
            if (busy[lane] || queue.Count > 0)
            {
                lane = -1;
            }
        }

        _visited[_stagePoint[stage]][child] = true;
        if (lane >= 0)
        {
            StartService(stage, lane, child, t, 0);
            return;
        }

        _queuedAt[child] = t;
        queue.Enqueue(child);
        AddWaiting(_stagePoint[stage], 1);
    }

    private int ShortestLane(int stage)
    {
        var busy = _busy[stage];
        var queues = _queues[stage];
        var best = 0;
        var bestLength = int.MaxValue;
        for (var lane = 0; lane < busy.Length; lane++)
        {
            var length = queues[lane].Count + (busy[lane] ? 1 : 0);
            if (length < bestLength)
            {
                best = lane;
                bestLength = length;
            }
        }

        return best;
    }

    private void StartService(int stage, int lane, int child, double t, double waited)
    {
        RecordWait(_stagePoint[stage], child, waited);
        var duration = 0.0;
        foreach (var part in _stages[stage].Parts)
        {
            duration += part.Sample(_serviceRng);
        }

        _busy[stage][lane] = true;
        _busySeconds[stage][lane] += duration;
        _ownService[child] += duration;
        _events.Push(t + duration, SimEventKind.ServiceEnd, stage, lane, child);
    }

    private void CompleteService(int stage, int lane, int child, double t)
    {
        _busy[stage][lane] = false;
        _served[stage][lane]++;
        _completed[_stagePoint[stage]]++;

        var queue = _queues[stage][_stages[stage].Queue == QueueDiscipline.Shared ? 0 : lane];
        if (queue.Count > 0)
        {
            var waiting = queue.Dequeue();
            AddWaiting(_stagePoint[stage], -1);
            StartService(stage, lane, waiting, t, t - _queuedAt[waiting]);
        }

        var alarmRate = _stages[stage].AlarmRate;
        if (alarmRate > 0 && _serviceRng.NextDouble() < alarmRate)
        {
            _resumeStage[child] = stage + 1;
            EnterScreening(child, t);
            return;
        }

        Enter(stage + 1, child, t);
    }

    private void EnterScreening(int child, double t)
    {
        _visited[_screeningPoint][child] = true;
        var officer = Array.IndexOf(_staffBusy, false);
        if (officer >= 0 && _screeningQueue.Count == 0)
        {
            StartScreening(officer, child, t, 0);
            return;
        }

        _queuedAt[child] = t;
        _screeningQueue.Enqueue(child);
        AddWaiting(_screeningPoint, 1);
    }

    private void StartScreening(int officer, int child, double t, double waited)
    {
        RecordWait(_screeningPoint, child, waited);
        var duration = _screening.Sample(_serviceRng);
        _staffBusy[officer] = true;
        _staffBusySeconds[officer] += duration;
        _ownService[child] += duration;
        _events.Push(t + duration, SimEventKind.ScreeningEnd, 0, officer, child);
    }

    private void CompleteScreening(int officer, int child, double t)
    {
        _staffBusy[officer] = false;
        _staffServed[officer]++;
        _completed[_screeningPoint]++;
        if (_screeningQueue.Count > 0)
        {
            var waiting = _screeningQueue.Dequeue();
            AddWaiting(_screeningPoint, -1);
            StartScreening(officer, waiting, t, t - _queuedAt[waiting]);
        }

        Enter(_resumeStage[child], child, t);
    }

    private void RecordWait(int point, int child, double waited)
    {
        _pointWait[point][child] = (float)waited;
        _totalWait[child] += (float)waited;
    }

    private void AddWaiting(int point, int delta)
    {
        var value = _waiting[point] += delta;
        if (value > _maxWaiting[point])
        {
            _maxWaiting[point] = value;
        }
    }
}
