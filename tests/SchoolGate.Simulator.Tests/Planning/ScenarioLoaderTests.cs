using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class ScenarioLoaderTests
{
    private const string Valid = """
        name: Test school
        students: 300
        lessonStart: "08:30"
        arrivals:
          profile: normal
          mean: "08:10"
          sdMinutes: 4
          buses:
            - { at: "08:05", children: 40 }
        entrance:
          detectors:
            lanes: 2
            queue: perLane
            walkThrough: { distribution: exponential, mean: 2.5 }
            alarmRate: 0.1
            screening: 25
            staff: 3
          turnstiles:
            lanes: 3
            queue: shared
            cardRead: { distribution: fixed, value: 0.6 }
            rotation: { distribution: samples, samples: [1.5, 2.0, 2.5] }
        target:
          p95WaitSeconds: 45
          maxDetectors: 4
          maxTurnstiles: 5
        simulation:
          replications: 7
          seed: 99
        """;

    private static ScenarioException Rejected(string yaml) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "test.yaml"));

    [Fact]
    public void ReadsEveryFieldOfAScenario()
    {
        var scenario = ScenarioLoader.Parse(Valid);

        Assert.Equal("Test school", scenario.Name);
        Assert.Equal(300, scenario.Students);
        Assert.Equal(8.5 * 3600, scenario.LessonStart);
        Assert.Equal(ArrivalKind.Normal, scenario.Arrivals.Kind);
        Assert.Equal(8 * 3600 + 600, scenario.Arrivals.Mean);
        Assert.Equal(240, scenario.Arrivals.StandardDeviation);
        Assert.Equal([new BusArrival(8 * 3600 + 300, 40, 1)], scenario.Arrivals.Buses);
        var detectors = scenario.Entrance.Detectors;
        Assert.Equal((2, QueueDiscipline.PerLane, 0.1, 3), (detectors.Lanes, detectors.Queue, detectors.AlarmRate, detectors.Staff));
        Assert.Equal(Distribution.Exponential(2.5), detectors.WalkThrough);
        Assert.Equal(Distribution.Fixed(25), detectors.Screening);
        var turnstiles = scenario.Entrance.Turnstiles;
        Assert.Equal((3, QueueDiscipline.Shared), (turnstiles.Lanes, turnstiles.Queue));
        Assert.Equal(Distribution.Fixed(0.6), turnstiles.CardRead);
        Assert.Equal(Distribution.Empirical([1.5, 2.0, 2.5]), turnstiles.Rotation);
        Assert.Equal(new PlanTarget { P95WaitSeconds = 45, MaxDetectors = 4, MaxTurnstiles = 5 }, scenario.Target);
        Assert.Equal((7, 99), (scenario.Simulation.Replications, scenario.Simulation.Seed));
    }

    [Fact]
    public void ReadsJsonWithTheSameSchema()
    {
        var scenario = ScenarioLoader.Parse("""
            { "students": 120, "lessonStart": "09:00",
              "arrivals": { "profile": "allAtOnce", "at": "08:50" },
              "entrance": { "detectors": { "lanes": 0 }, "turnstiles": { "lanes": 2, "rotation": 1.5 } } }
            """);

        Assert.Equal(120, scenario.Students);
        Assert.Equal(ArrivalKind.AllAtOnce, scenario.Arrivals.Kind);
        Assert.Equal(8 * 3600 + 50 * 60, scenario.Arrivals.At);
        Assert.Equal(0, scenario.Entrance.Detectors.Lanes);
        Assert.Equal(Distribution.Fixed(1.5), scenario.Entrance.Turnstiles.Rotation);
    }

    [Fact]
    public void MissingSectionsFallBackToFieldDefaults()
    {
        var scenario = ScenarioLoader.Parse("students: 50");

        Assert.Equal(FieldDefaults.DetectorWalkThrough, scenario.Entrance.Detectors.WalkThrough);
        Assert.Equal(FieldDefaults.AlarmRate, scenario.Entrance.Detectors.AlarmRate);
        Assert.Equal(FieldDefaults.TargetP95WaitSeconds, scenario.Target.P95WaitSeconds);
    }

    [Fact]
    public void NamesTheMisspelledFieldWithLineAndSuggestion()
    {
        var error = Rejected("""
            students: 100
            entrance:
              detectors:
                lanes: 1
              turnstyles:
                lanes: 2
            """);

        var problem = Assert.Single(error.Errors);
        Assert.Equal("entrance.turnstyles", problem.Path);
        Assert.Equal(5, problem.Line);
        Assert.Contains("unknown field 'turnstyles' at line 5 (did you mean 'turnstiles'?)", problem.ToString());
    }

    [Fact]
    public void RejectsNegativeLanesNamingTheField()
    {
        var problem = Assert.Single(Rejected("entrance:\n  detectors:\n    lanes: -2\n").Errors);

        Assert.Equal("entrance.detectors.lanes: must be >= 0, got -2 (line 3)", problem.ToString());
    }

    [Fact]
    public void RejectsAnAlarmRateAboveOne()
    {
        var problem = Assert.Single(Rejected("entrance:\n  detectors:\n    alarmRate: 1.5\n").Errors);

        Assert.Equal("entrance.detectors.alarmRate", problem.Path);
        Assert.Contains("must be between 0 and 1", problem.Message);
        Assert.Contains("got 1.5", problem.Message);
    }

    [Theory]
    [InlineData("students: many", "students", "expected a whole number, got 'many'")]
    [InlineData("students: 2.5", "students", "expected a whole number, got '2.5'")]
    [InlineData("lessonStart: 25:00", "lessonStart", "expected a clock time like \"07:45\", got '25:00'")]
    [InlineData("arrivals: { profile: rush }", "arrivals.profile", "expected one of normal, uniform, histogram, allAtOnce, poisson, got 'rush'")]
    [InlineData("arrivals: { profile: uniform, from: \"07:50\" }", "arrivals.to", "required field is missing")]
    [InlineData("entrance: { turnstiles: { lanes: 0 } }", "entrance.turnstiles.lanes", "must be >= 1, got 0")]
    [InlineData("entrance: { turnstiles: { queue: single } }", "entrance.turnstiles.queue", "expected one of shared, perLane, got 'single'")]
    [InlineData("entrance: { turnstiles: { rotation: { distribution: normal, mean: 2 } } }", "entrance.turnstiles.rotation.sd", "required field is missing")]
    [InlineData("entrance: { turnstiles: { rotation: fast } }", "entrance.turnstiles.rotation", "expected seconds")]
    [InlineData("entrance: { turnstiles: { rotation: { distribution: samples, samples: [1, x] } } }", "entrance.turnstiles.rotation.samples[1]", "expected a duration")]
    [InlineData("simulation: { replications: 0 }", "simulation.replications", "must be >= 1, got 0")]
    public void ExplainsWhatWasExpected(string yaml, string path, string message)
    {
        var problem = Assert.Single(Rejected(yaml).Errors);

        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var error = Rejected("students: -5\nentrance:\n  detectors:\n    lanes: -1\n    alarmRate: 2\n");

        Assert.Equal(["students", "entrance.detectors.lanes", "entrance.detectors.alarmRate"], error.Errors.Select(e => e.Path));
    }

    [Fact]
    public void FieldsOfAnotherProfileAreUnknown()
    {
        var problem = Assert.Single(Rejected("arrivals:\n  profile: uniform\n  from: \"07:40\"\n  to: \"07:50\"\n  sdMinutes: 3\n").Errors);

        Assert.Equal("arrivals.sdMinutes", problem.Path);
        Assert.Contains("unknown field 'sdMinutes'", problem.Message);
    }

    [Fact]
    public void RejectsMoreBusChildrenThanStudents()
    {
        var problem = Assert.Single(Rejected("students: 30\narrivals:\n  buses:\n    - { at: \"07:40\", children: 45 }\n").Errors);

        Assert.Equal("arrivals.buses", problem.Path);
        Assert.Contains("45 children", problem.Message);
    }

    [Fact]
    public void RequiresScreeningStaffWhenTheDetectorCanAlarm()
    {
        var problem = Assert.Single(Rejected("entrance:\n  detectors:\n    lanes: 1\n    staff: 0\n").Errors);

        Assert.Equal("entrance.detectors.staff", problem.Path);
    }

    [Fact]
    public void ReportsBrokenYamlWithItsLine()
    {
        var problem = Assert.Single(Rejected("students: 10\nentrance: [\n  detectors\n").Errors);

        Assert.StartsWith("not valid YAML/JSON", problem.Message);
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void RejectsASteadyStreamTooLongToSimulate()
    {
        var problem = Assert.Single(Rejected("arrivals: { profile: poisson, ratePerMinute: 100000, horizonMinutes: 100000 }").Errors);

        Assert.Equal("arrivals.ratePerMinute", problem.Path);
    }

    [Theory]
    [InlineData("students: 1000000\nsimulation: { replications: 1000 }", "students")]
    [InlineData("students: 200001\nsimulation: { replications: 10 }", "students")]
    [InlineData("arrivals: { profile: poisson, ratePerMinute: 1000, horizonMinutes: 1000 }\nsimulation: { replications: 3 }", "arrivals.ratePerMinute")]
    public void RejectsMorningsTooBigToSimulateTimesTheReplications(string yaml, string path)
    {
        var problem = Assert.Single(Rejected(yaml).Errors);

        Assert.Equal(path, problem.Path);
        Assert.Contains("replications", problem.Message);
    }

    [Fact]
    public void AcceptsTwoHundredThousandStudentsWithTenReplications() =>
        Assert.Equal(200_000, ScenarioLoader.Parse("students: 200000\nsimulation: { replications: 10 }").Students);

    [Theory]
    [InlineData("students: 100\n---\nstudents: 200\n", 2)]
    [InlineData("# one school\nstudents: 100\nlessonStart: \"08:30\"\n\n---\n", 5)]
    [InlineData("---\nstudents: 100\n...\n---\n{ \"students\": 5 }\n", 4)]
    public void RejectsASecondYamlDocumentNamingItsLine(string yaml, int line)
    {
        var error = Assert.Single(Rejected(yaml).Errors);

        Assert.Equal(line, error.Line);
        Assert.Contains($"a second YAML document starts at line {line}", error.Message);
    }

    [Fact]
    public void AcceptsASingleDocumentWithAnExplicitStartMarker() =>
        Assert.Equal(100, ScenarioLoader.Parse("---\nstudents: 100\n...\n").Students);

    [Fact]
    public void RejectsAnEmptyFile() => Assert.Contains("empty", Assert.Single(Rejected("").Errors).Message);

    [Fact]
    public void RejectsAMissingFileAsBadInput()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load("/no/such/scenario.yaml"));

        Assert.Contains("cannot read the scenario file", Assert.Single(error.Errors).Message);
    }

    [Theory]
    [InlineData("governor.yaml")]
    [InlineData("buses-and-walkers.yaml")]
    [InlineData("measured-morning.json")]
    [InlineData("everyone-at-once.yaml")]
    public void ShippedScenariosLoad(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", file));

        Assert.True(scenario.Students > 0);
        Assert.Empty(ScenarioValidator.Check(scenario));
    }
}
