using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Loads a scenario from YAML or JSON (JSON is read by the same parser: it is valid YAML flow
/// syntax, which keeps one set of error messages with line numbers for both).
/// </summary>
public static class ScenarioLoader
{
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
        return YamlMap.From(rootNode, "", errors) is { } root ? root.ReadAll(map => ReadScenario(map, defaults)) : defaults;
    }

    private static Scenario ReadScenario(YamlMap map, Scenario defaults)
    {
        var lessonStart = map.Clock("lessonStart", defaults.LessonStart);
        return defaults with
        {
            Name = map.String("name", defaults.Name),
            Students = map.Int("students", defaults.Students, 1, ScenarioLimits.MaxStudents),
            LessonStart = lessonStart,
            Arrivals = map.Section("arrivals", defaults.Arrivals, arrivals => ReadArrivals(arrivals, lessonStart)),
            Entrance = map.Section("entrance", defaults.Entrance, ReadEntrance),
            Target = map.Section("target", defaults.Target, ReadTarget),
            Simulation = map.Section("simulation", defaults.Simulation, ReadSimulation),
        };
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

        return profile with { Buses = kind == ArrivalKind.Poisson ? [] : [.. map.Items("buses", ReadBus)] };
    }

    private static HistogramBin[] ReadBins(YamlMap map)
    {
        var bins = map.Items("bins", ReadBin);
        if (bins.Count == 0)
        {
            map.Error("bins", "a histogram needs at least one bin like { from: \"07:30\", to: \"07:35\", children: 120 }");
        }

        return [.. bins];
    }

    private static HistogramBin ReadBin(YamlMap bin)
    {
        var from = bin.Clock("from", 0, required: true);
        var to = bin.Clock("to", 0, required: true);
        var weight = bin.RequiredDouble("children", 0, 1e9);
        if (to <= from)
        {
            bin.Error("to", $"must be later than 'from' ({ClockTime.Format(from)}), got {ClockTime.Format(to)}");
        }

        return new HistogramBin(from, to, weight);
    }

    private static BusArrival ReadBus(YamlMap bus) => new(
        bus.Clock("at", 0, required: true),
        bus.Int("children", 0, 0, ScenarioLimits.MaxStudents),
        bus.Double("spacingSeconds", 1, 0, 3600));

    private static Entrance ReadEntrance(YamlMap map)
    {
        var defaults = new Entrance();
        return new Entrance
        {
            Detectors = map.Section("detectors", defaults.Detectors, ReadDetectors),
            Turnstiles = map.Section("turnstiles", defaults.Turnstiles, ReadTurnstiles),
        };
    }

    private static DetectorStage ReadDetectors(YamlMap map)
    {
        var defaults = new DetectorStage();
        return new DetectorStage
        {
            Lanes = map.Int("lanes", defaults.Lanes, 0, ScenarioLimits.MaxLanes),
            Queue = map.Choice("queue", defaults.Queue, Queues),
            WalkThrough = DistributionReader.Read(map, "walkThrough", defaults.WalkThrough),
            AlarmRate = map.Double("alarmRate", defaults.AlarmRate, 0, 1),
            Screening = DistributionReader.Read(map, "screening", defaults.Screening),
            Staff = map.Int("staff", defaults.Staff, 0, ScenarioLimits.MaxLanes),
        };
    }

    private static TurnstileStage ReadTurnstiles(YamlMap map)
    {
        var defaults = new TurnstileStage();
        return new TurnstileStage
        {
            Lanes = map.Int("lanes", defaults.Lanes, 1, ScenarioLimits.MaxLanes),
            Queue = map.Choice("queue", defaults.Queue, Queues),
            CardRead = DistributionReader.Read(map, "cardRead", defaults.CardRead),
            Rotation = DistributionReader.Read(map, "rotation", defaults.Rotation),
        };
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

        return new PlanTarget
        {
            P95WaitSeconds = p95,
            MaxDetectors = map.Int("maxDetectors", defaults.MaxDetectors, 1, ScenarioLimits.MaxLanes),
            MaxTurnstiles = map.Int("maxTurnstiles", defaults.MaxTurnstiles, 1, ScenarioLimits.MaxLanes),
        };
    }

    private static SimulationSettings ReadSimulation(YamlMap map)
    {
        var defaults = new SimulationSettings();
        return new SimulationSettings
        {
            Replications = map.Int("replications", defaults.Replications, 1, ScenarioLimits.MaxReplications),
            Seed = map.Int("seed", defaults.Seed, 0, int.MaxValue),
            SampleIntervalSeconds = map.Double("sampleIntervalSeconds", defaults.SampleIntervalSeconds, 1, 3600),
        };
    }
}
