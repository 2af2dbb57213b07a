using System.Net;
using System.Text;

namespace SchoolGate.Simulator.Planning;

/// <summary>
/// One self-contained HTML file for a school director: the answer in words first, then charts
/// (inline SVG), tables and the assumptions behind the numbers.
/// </summary>
internal static class HtmlReport
{
    public static string Render(PlanResult result)
    {
        var scenario = result.Scenario;
        var plan = result.AsPlanned;
        var best = result.Recommendation?.Best;
        var names = StagePlan.PointNames(scenario);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Entrance plan: {{E(scenario.Name)}}</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 960px; margin: 2em auto; color: #222; line-height: 1.45; }
            .answer { background: #f3f7ff; border-left: 6px solid #2b6cb0; padding: 0.8em 1.2em; }
            .recommendation { font-weight: bold; font-size: 1.1em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            td.ok { background: #d9f2d9; } td.best { background: #8fd18f; font-weight: bold; }
            figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            .small { color: #555; font-size: 0.9em; }
            </style>
            </head>
            <body>
            <h1>Will the children queue? {{E(scenario.Name)}}</h1>
            <p class="small">{{E(Wording.Count(plan.Children))}} students, lessons start at {{ClockTime.Format(scenario.LessonStart)}}.
            Every figure is the mean of {{plan.Replications}} simulated mornings (seed {{scenario.Simulation.Seed}}); ± is its 95% confidence interval.</p>
            <section class="answer" id="answer">
            <h2>The answer</h2>

            """);
        foreach (var line in PlanNarrative.AsPlanned(result))
        {
            html.Append($"<p>{E(line)}</p>\n");
        }

        html.Append($"<p class=\"recommendation\" id=\"recommendation\">{E(PlanNarrative.Recommendation(result))}</p>\n</section>\n");

        html.Append("<h2>Queue over time</h2>\n");
        Figure(html, "queue-as-planned", Charts.QueueOverTime(plan, names, scenario.LessonStart,
            $"As planned: {Wording.Layout(plan.Detectors, plan.Turnstiles)}"));
        if (best is not null && (best.Detectors, best.Turnstiles) != (plan.Detectors, plan.Turnstiles))
        {
            Figure(html, "queue-recommended", Charts.QueueOverTime(best, names, scenario.LessonStart,
                $"Recommended: {Wording.Layout(best.Detectors, best.Turnstiles)}"));
        }

        html.Append($"<p class=\"small\" id=\"queue-sampling\">{E(Sampling(plan, scenario))}");
        if (best is not null && best.MeanQueue.Interval != plan.MeanQueue.Interval)
        {
            html.Append($" Recommended layout: {E(Sampling(best, scenario))}");
        }

        html.Append("</p>\n");
        html.Append("<h2>How long children wait</h2>\n");
        Figure(html, "waits-as-planned", Charts.WaitDistribution(plan, scenario.Target.P95WaitSeconds,
            $"Wait distribution as planned: {Wording.Layout(plan.Detectors, plan.Turnstiles)}"));

        LayoutTable(html, plan, best);
        StageTable(html, plan);
        SearchMatrix(html, result);
        Assumptions(html, scenario);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Sampling(LayoutEvaluation evaluation, Scenario scenario)
    {
        var requested = scenario.Simulation.SampleIntervalSeconds;
        var used = evaluation.MeanQueue.Interval;
        return used <= requested
            ? $"Queue lengths are sampled every {Wording.Number(requested)} s."
            : $"The morning is too long to chart every {Wording.Number(requested)} s in at most {QueueSampler.MaxPoints:N0} points, so each point "
                + $"is the largest of the {Wording.Number(requested)} s samples in each {Wording.Duration(used)} (averaged over the mornings): no peak is hidden.";
    }

    private static void Figure(StringBuilder html, string id, string svg) =>
        html.Append($"<figure id=\"{id}\">\n{svg}\n</figure>\n");

    private static void LayoutTable(StringBuilder html, LayoutEvaluation plan, LayoutEvaluation? best)
    {
        LayoutEvaluation[] layouts = best is null ? [plan] : [plan, best];
        html.Append("<h2>Numbers</h2>\n<table id=\"summary\">\n<tr><th></th>");
        html.Append($"<th>{E(SummaryRows.LayoutTitle("As planned", plan))}</th>");
        if (best is not null)
        {
            html.Append($"<th>{E(SummaryRows.LayoutTitle("Recommended", best))}</th>");
        }

        html.Append("</tr>\n");
        foreach (var (label, cell) in SummaryRows.Layout)
        {
            html.Append($"<tr><td>{E(label)}</td>");
            foreach (var layout in layouts)
            {
                html.Append($"<td>{E(cell(layout))}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void StageTable(StringBuilder html, LayoutEvaluation plan)
    {
        html.Append("<h3>Each stage as planned</h3>\n<table id=\"stages\">\n<tr>");
        foreach (var header in SummaryRows.StageHeaders)
        {
            html.Append($"<th>{E(header)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in SummaryRows.Stages(plan))
        {
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void SearchMatrix(StringBuilder html, PlanResult result)
    {
        if (result.Recommendation is not { } recommendation)
        {
            return;
        }

        var turnstiles = recommendation.Candidates.Select(c => c.Turnstiles).Distinct().Order().ToArray();
        html.Append($"<h2>Layouts tried</h2>\n<p>p95 wait for each layout; green cells keep 95% of waits under {E(Wording.Duration(recommendation.TargetP95Seconds))} "
            + "(upper end of the 95% confidence interval), the darkest is the recommendation.</p>\n<table id=\"layouts\">\n<tr><th>Detectors \\ Turnstiles</th>");
        html.Append(string.Concat(turnstiles.Select(t => $"<th>{t}</th>"))).Append("</tr>\n");
        foreach (var row in recommendation.Candidates.GroupBy(c => c.Detectors))
        {
            html.Append($"<tr><td>{row.Key}</td>");
            foreach (var candidate in row.OrderBy(c => c.Turnstiles))
            {
                var isBest = recommendation.Best is { } b && (b.Detectors, b.Turnstiles) == (candidate.Detectors, candidate.Turnstiles);
                var css = isBest ? " class=\"best\"" : candidate.MeetsTarget ? " class=\"ok\"" : "";
                html.Append($"<td{css}>{E(Wording.Duration(candidate.P95Wait.Mean))}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Assumptions(StringBuilder html, Scenario scenario)
    {
        html.Append("<h2>Assumptions</h2>\n<ul id=\"assumptions\">\n");
        foreach (var line in ScenarioDescription.Lines(scenario))
        {
            html.Append($"<li>{E(line)}</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
