using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Loads a scenario from YAML or JSON (JSON is read by the same parser: it is valid YAML flow
/// syntax, which keeps one set of error messages with line numbers for both).
/// </summary>
public static class ScenarioLoader
{
    private const int MaxLanes = 100;

    private static readonly Dictionary<string, ArrivalKind> Profiles = new()
    {
        ["normal"] = ArrivalKind.Normal,
        ["uniform"] = ArrivalKind.Uniform,
        ["histogram"] = ArrivalKind.Histogram,
        ["allAtOnce"] = ArrivalKind.AllAtOnce,
        ["poisson"] = ArrivalKind.Poisson,
    };

    private static readonly Dictionary<string, QueueDiscipline> Queues = new()
    {
        ["shared"] = QueueDiscipline.Shared,
        ["perLane"] = QueueDiscipline.PerLane,
    };

    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, [new ScenarioError("", $"cannot read the scenario file: {e.Message}")]);
        }

        return Parse(text, path);
    }

    public static Scenario Parse(string text, string source = "scenario")
    {
        var errors = new List<ScenarioError>();
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (stream.Documents.Count > 1)
            {
                // Reading only the first document would silently ignore the rest: a user who pasted
                // two schools, or a second edit after '---', must not get an answer for the wrong one.
                var line = SecondDocumentLine(text);
                throw new ScenarioException(source, [new ScenarioError(
                    "",
                    $"a second YAML document starts at line {line}; a scenario file holds one scenario (remove the '---' and what follows, or split the file)",
                    line)]);
            }
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException ?? e).Message;
            throw new ScenarioException(source, [new ScenarioError("", $"not valid YAML/JSON: {reason}", (int)e.Start.Line)]);
        }

        if (root is null)
        {
            throw new ScenarioException(source, [new ScenarioError("", "the file is empty")]);
        }

        var scenario = Read(root, errors);
        if (errors.Count == 0)
        {
            errors.AddRange(ScenarioValidator.Check(scenario));
        }

        return errors.Count == 0 ? scenario : throw new ScenarioException(source, errors);
    }

    /// <summary>The line of the second document's start ('---', or its first content when implicit).</summary>
    private static int SecondDocumentLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        var documents = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.DocumentStart start && ++documents == 2)
            {
                return (int)start.Start.Line;
            }
        }

        return 0;
    }

    private static Scenario Read(YamlNode rootNode, List<ScenarioError> errors)
    {
        var defaults = new Scenario();
        if (YamlMap.From(rootNode, "", errors) is not { } root)
        {
            return defaults;
        }

        var lessonStart = root.Clock("lessonStart", defaults.LessonStart);
        var scenario = defaults with
        {
            Name = root.String("name", defaults.Name),
            Students = root.Int("students", defaults.Students, 1, 1_000_000),
            LessonStart = lessonStart,
            Arrivals = root.Map("arrivals") is { } arrivals ? ReadArrivals(arrivals, lessonStart) : defaults.Arrivals,
            Entrance = root.Map("entrance") is { } entrance ? ReadEntrance(entrance) : defaults.Entrance,
            Target = root.Map("target") is { } target ? ReadTarget(target) : defaults.Target,
            Simulation = root.Map("simulation") is { } simulation ? ReadSimulation(simulation) : defaults.Simulation,
        };
        root.RejectUnknown();
        return scenario;
    }

    private static ArrivalProfile ReadArrivals(YamlMap map, double lessonStart)
    {
        var kind = map.Choice("profile", ArrivalKind.Normal, Profiles);
        var profile = kind switch
        {
            ArrivalKind.Normal => new ArrivalProfile
            {
                Kind = kind,
                Mean = map.Clock("mean", lessonStart - 15 * 60),
                StandardDeviation = map.Double("sdMinutes", 5, 0, 24 * 60) * 60,
            },
            ArrivalKind.Uniform => new ArrivalProfile
            {
                Kind = kind,
                From = map.Clock("from", 0, required: true),
                To = map.Clock("to", 0, required: true),
            },
            ArrivalKind.Histogram => new ArrivalProfile { Kind = kind, Bins = ReadBins(map) },
            ArrivalKind.AllAtOnce => new ArrivalProfile { Kind = kind, At = map.Clock("at", lessonStart - 10 * 60) },
            _ => new ArrivalProfile
            {
                Kind = kind,
                From = map.Clock("from", 0),
                RatePerSecond = map.RequiredDouble("ratePerMinute", 1e-6, 1e6) / 60,
                HorizonSeconds = map.Double("horizonMinutes", 600, 1, 1e6) * 60,
                WarmupSeconds = map.Double("warmupMinutes", 60, 0, 1e6) * 60,
            },
        };

        profile = profile with { Buses = kind == ArrivalKind.Poisson ? [] : ReadBuses(map) };
        map.RejectUnknown();
        return profile;
    }

    private static HistogramBin[] ReadBins(YamlMap map)
    {
        var nodes = map.List("bins");
        if (nodes.Count == 0)
        {
            map.Error("bins", "a histogram needs at least one bin like { from: \"07:30\", to: \"07:35\", children: 120 }");
        }

        var bins = new List<HistogramBin>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (YamlMap.From(nodes[i], $"{map.PathOf("bins")}[{i}]", map.Errors) is not { } bin)
            {
                continue;
            }

            var from = bin.Clock("from", 0, required: true);
            var to = bin.Clock("to", 0, required: true);
            var weight = bin.RequiredDouble("children", 0, 1e9);
            if (to <= from)
            {
                bin.Error("to", $"must be later than 'from' ({ClockTime.Format(from)}), got {ClockTime.Format(to)}");
            }

            bin.RejectUnknown();
            bins.Add(new HistogramBin(from, to, weight));
        }

        return [.. bins];
    }

    private static BusArrival[] ReadBuses(YamlMap map)
    {
        var nodes = map.List("buses");
        var buses = new List<BusArrival>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (YamlMap.From(nodes[i], $"{map.PathOf("buses")}[{i}]", map.Errors) is not { } bus)
            {
                continue;
            }

            buses.Add(new BusArrival(
                bus.Clock("at", 0, required: true),
                bus.Int("children", 0, 0, 1_000_000),
                bus.Double("spacingSeconds", 1, 0, 3600)));
            bus.RejectUnknown();
        }

        return [.. buses];
    }

    private static Entrance ReadEntrance(YamlMap map)
    {
        var defaults = new Entrance();
        var detectors = map.Map("detectors") is { } d ? ReadDetectors(d) : defaults.Detectors;
        var turnstiles = map.Map("turnstiles") is { } t ? ReadTurnstiles(t) : defaults.Turnstiles;
        map.RejectUnknown();
        return new Entrance { Detectors = detectors, Turnstiles = turnstiles };
    }

    private static DetectorStage ReadDetectors(YamlMap map)
    {
        var defaults = new DetectorStage();
        var stage = new DetectorStage
        {
            Lanes = map.Int("lanes", defaults.Lanes, 0, MaxLanes),
            Queue = map.Choice("queue", defaults.Queue, Queues),
            WalkThrough = DistributionReader.Read(map, "walkThrough", defaults.WalkThrough),
            AlarmRate = map.Double("alarmRate", defaults.AlarmRate, 0, 1),
            Screening = DistributionReader.Read(map, "screening", defaults.Screening),
            Staff = map.Int("staff", defaults.Staff, 0, MaxLanes),
        };
        map.RejectUnknown();
        return stage;
    }

    private static TurnstileStage ReadTurnstiles(YamlMap map)
    {
        var defaults = new TurnstileStage();
        var stage = new TurnstileStage
        {
            Lanes = map.Int("lanes", defaults.Lanes, 1, MaxLanes),
            Queue = map.Choice("queue", defaults.Queue, Queues),
            CardRead = DistributionReader.Read(map, "cardRead", defaults.CardRead),
            Rotation = DistributionReader.Read(map, "rotation", defaults.Rotation),
        };
        map.RejectUnknown();
        return stage;
    }

    private static PlanTarget ReadTarget(YamlMap map)
    {
        var defaults = new PlanTarget();
        // No lower bound here: zero and below get the same message as --target-p95.
        var p95 = map.Double("p95WaitSeconds", defaults.P95WaitSeconds, double.NegativeInfinity, 86400);
        if (p95 <= 0)
        {
            map.Error("p95WaitSeconds", $"{PlanTarget.P95Rule}, got {YamlMap.Number(p95)}");
            p95 = defaults.P95WaitSeconds;
        }

        var target = new PlanTarget
        {
            P95WaitSeconds = p95,
            MaxDetectors = map.Int("maxDetectors", defaults.MaxDetectors, 1, MaxLanes),
            MaxTurnstiles = map.Int("maxTurnstiles", defaults.MaxTurnstiles, 1, MaxLanes),
        };
        map.RejectUnknown();
        return target;
    }

    private static SimulationSettings ReadSimulation(YamlMap map)
    {
        var defaults = new SimulationSettings();
        var settings = new SimulationSettings
        {
            Replications = map.Int("replications", defaults.Replications, 1, 1000),
            Seed = map.Int("seed", defaults.Seed, 0, int.MaxValue),
            SampleIntervalSeconds = map.Double("sampleIntervalSeconds", defaults.SampleIntervalSeconds, 1, 3600),
        };
        map.RejectUnknown();
        return settings;
    }
}
