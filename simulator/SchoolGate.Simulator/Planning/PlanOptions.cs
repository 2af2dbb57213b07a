using System.CommandLine;

namespace SchoolGate.Simulator.Planning;

/// <summary>The plan command's options. Every option's help carries an example.</summary>
internal sealed class PlanOptions
{
    public Argument<FileInfo?> Scenario { get; } = new("scenario")
    {
        Description = "Scenario file, YAML or JSON (see simulator/README.md). Without it the built-in defaults are used. "
            + "Example: simulator/scenarios/governor.yaml",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<int?> Students { get; } = Whole("--students", "Number of students arriving. Example: --students 1000", 1, ScenarioLimits.MaxStudents);

    public Option<string?> LessonStart { get; } = new("--lesson-start")
    {
        Description = "Local time lessons begin; children passing after it are late. Example: --lesson-start 08:30",
        HelpName = "HH:mm",
    };

    public Option<int?> Detectors { get; } = Whole(
        "--detectors", "Metal-detector lanes; 0 = turnstiles only. Example: --detectors 2", 0, ScenarioLimits.MaxLanes);

    public Option<int?> Turnstiles { get; } = Whole("--turnstiles", "Turnstile lanes. Example: --turnstiles 3", 1, ScenarioLimits.MaxLanes);

    public Option<string?> Queue { get; } = new("--queue")
    {
        Description = "Queueing at both stages: one shared line, or a line per lane. Example: --queue shared",
    };

    public Option<double?> AlarmRate { get; } = new("--alarm-rate")
    {
        Description = "Share of children who set off the detector (0..1). Example: --alarm-rate 0.08",
    };

    public Option<int?> Staff { get; } = Whole("--staff", "Staff doing secondary screening. Example: --staff 2", 0, ScenarioLimits.MaxLanes);

    public Option<double?> TargetP95 { get; } = new("--target-p95")
    {
        Description = "Target: 95% of children wait at most this many seconds. Example: --target-p95 90",
        HelpName = "seconds",
    };

    public Option<int?> MaxLanes { get; } = Whole(
        "--max-lanes", "Most lanes of each kind the search may recommend. Example: --max-lanes 6", 1, ScenarioLimits.MaxLanes);

    public Option<int?> Replications { get; } = Whole(
        "--replications", "Independent mornings simulated per layout (for confidence intervals). Example: --replications 20", 1, ScenarioLimits.MaxReplications);

    public Option<int?> Seed { get; } = Whole(
        "--seed", "Random seed; the same seed gives the same numbers. Example: --seed 42", 0, int.MaxValue);

    public Option<bool> NoSearch { get; } = new("--no-search")
    {
        Description = "Only simulate the given layout; skip the recommendation search. Example: --no-search",
    };

    public Option<FileInfo?> Report { get; } = new("--report")
    {
        Description = "Write an HTML report with charts for a school director. Example: --report reports/governor.html",
        HelpName = "file.html",
    };

    public Option<string?> Json { get; } = new("--json")
    {
        Description = "Write results as JSON for scripts; '-' writes to standard output instead of the table. "
            + "Example: --json results.json",
        HelpName = "file|-",
    };

    public PlanOptions()
    {
        Queue.AcceptOnlyFromAmong("shared", "per-lane");
        LessonStart.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !ClockTime.TryParse(text, out _))
            {
                result.AddError($"--lesson-start: expected a local time like 08:00, got '{text}'");
            }
        });
        AlarmRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } rate && rate is < 0 or > 1 or double.NaN)
            {
                result.AddError($"--alarm-rate: {ScenarioLimits.ShareRule}, got {rate}");
            }
        });
        TargetP95.Validators.Add(result =>
        {
            // "Infinity" and 1e400 parse as doubles; a target nothing can miss is not a target.
            if (result.GetValueOrDefault<double?>() is { } target && (target is <= 0 || !double.IsFinite(target)))
            {
                result.AddError($"--target-p95: {PlanTarget.P95Rule}, got {target}");
            }
        });
    }

    public IEnumerable<Option> All =>
    [
        Students, LessonStart, Detectors, Turnstiles, Queue, AlarmRate, Staff,
        TargetP95, MaxLanes, Replications, Seed, NoSearch, Report, Json,
    ];

    /// <summary>Applies the options the user gave on top of the scenario file.</summary>
    public Scenario Apply(Scenario scenario, ParseResult parse)
    {
        var entrance = scenario.Entrance;
        var detectors = entrance.Detectors;
        var turnstiles = entrance.Turnstiles;
        var queue = parse.GetValue(Queue) switch
        {
            "shared" => QueueDiscipline.Shared,
            "per-lane" => QueueDiscipline.PerLane,
            _ => (QueueDiscipline?)null,
        };
        var maxLanes = parse.GetValue(MaxLanes);
        ClockTime.TryParse(parse.GetValue(LessonStart) ?? "", out var lessonStart);

        return scenario with
        {
            Students = parse.GetValue(Students) ?? scenario.Students,
            LessonStart = parse.GetValue(LessonStart) is null ? scenario.LessonStart : lessonStart,
            Entrance = new Entrance
            {
                Detectors = detectors with
                {
                    Lanes = parse.GetValue(Detectors) ?? detectors.Lanes,
                    Queue = queue ?? detectors.Queue,
                    AlarmRate = parse.GetValue(AlarmRate) ?? detectors.AlarmRate,
                    Staff = parse.GetValue(Staff) ?? detectors.Staff,
                },
                Turnstiles = turnstiles with
                {
                    Lanes = parse.GetValue(Turnstiles) ?? turnstiles.Lanes,
                    Queue = queue ?? turnstiles.Queue,
                },
            },
            Target = scenario.Target with
            {
                P95WaitSeconds = parse.GetValue(TargetP95) ?? scenario.Target.P95WaitSeconds,
                MaxDetectors = maxLanes ?? scenario.Target.MaxDetectors,
                MaxTurnstiles = maxLanes ?? scenario.Target.MaxTurnstiles,
            },
            Simulation = scenario.Simulation with
            {
                Replications = parse.GetValue(Replications) ?? scenario.Simulation.Replications,
                Seed = parse.GetValue(Seed) ?? scenario.Simulation.Seed,
            },
        };
    }

    private static Option<int?> Whole(string name, string description, int min, int max)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
            {
                result.AddError(value < min
                    ? $"{name}: must be >= {min}, got {value}"
                    : $"{name}: must be <= {max}, got {value}");
            }
        });
        return option;
    }
}
