namespace SchoolGate.Simulator.Planning;

/// <summary>The answer to "will they queue?": the layout as planned and the recommended one.</summary>
public sealed record PlanResult(Scenario Scenario, LayoutEvaluation AsPlanned, Recommendation? Recommendation)
{
    public static PlanResult Compute(Scenario scenario, bool search, Action<int, int>? progress = null)
    {
        var asPlanned = LayoutEvaluation.Run(scenario);
        var recommendation = search ? LayoutSearch.Run(scenario, progress) : null;
        return new PlanResult(scenario, asPlanned, recommendation);
    }
}
