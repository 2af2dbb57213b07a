using Spectre.Console;

namespace SchoolGate.Simulator.Planning;

/// <summary>The terminal view: the answer in words, then the numbers behind it.</summary>
internal static class ConsoleReport
{
    public static void Write(IAnsiConsole console, PlanResult result)
    {
        var plan = result.AsPlanned;
        console.Write(new Rule($"[bold]{Markup.Escape(result.Scenario.Name)}[/]").LeftJustified());
        foreach (var line in PlanNarrative.AsPlanned(result))
        {
            console.MarkupLine(Markup.Escape(line));
        }

        console.WriteLine();
        console.Write(LayoutTable(result));
        var stages = new Table().Title("Each stage as planned");
        stages.AddColumns([.. SummaryRows.StageHeaders]);
        foreach (var row in SummaryRows.Stages(plan))
        {
            stages.AddRow(row);
        }

        console.Write(stages);
        console.MarkupLine(
            $"Mean of {plan.Replications} simulated mornings; ± is the 95% confidence interval. "
            + $"Seed {result.Scenario.Simulation.Seed}.");
        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(PlanNarrative.Recommendation(result))}[/]");
    }

    private static Table LayoutTable(PlanResult result)
    {
        LayoutEvaluation[] layouts = result.Recommendation?.Best is { } best ? [result.AsPlanned, best] : [result.AsPlanned];
        var table = new Table().Title("Waiting in line, all queues together");
        table.AddColumn("");
        table.AddColumn(new TableColumn(SummaryRows.LayoutTitle("As planned", result.AsPlanned)).RightAligned());
        if (layouts.Length > 1)
        {
            table.AddColumn(new TableColumn(SummaryRows.LayoutTitle("Recommended", layouts[1])).RightAligned());
        }

        foreach (var (label, cell) in SummaryRows.Layout)
        {
            table.AddRow([label, .. layouts.Select(cell)]);
        }

        return table;
    }
}
