using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SchoolGate.Simulator.Planning;

namespace SchoolGate.Benchmarks.Planning;

/// <summary>
/// The governor's case (simulator/scenarios/governor.yaml): one simulated morning, the 10
/// replications of the planned layout, and the whole plan including the 64-layout search.
/// In-process so the scenario file next to the benchmark binary is found.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class GovernorCaseBenchmark
{
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() =>
        _scenario = ScenarioLoader.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "governor.yaml"));

    [Benchmark(Baseline = true)]
    public ReplicationResult OneMorning() => EntranceSimulation.Run(_scenario, 0);

    [Benchmark]
    public LayoutEvaluation PlannedLayoutTenMornings() => LayoutEvaluation.Run(_scenario);

    [Benchmark]
    public PlanResult WholePlanWithLayoutSearch() => PlanResult.Compute(_scenario, search: true);

    private sealed class InProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
    }
}
