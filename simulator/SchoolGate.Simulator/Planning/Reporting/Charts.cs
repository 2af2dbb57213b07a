using ScottPlot;

namespace SchoolGate.Simulator.Planning;

/// <summary>Charts as SVG text, inlined in the HTML report so it stays one self-contained file.</summary>
internal static class Charts
{
    private const int Width = 900;
    private const int Height = 380;

    static Charts()
    {
        // Without an installed font ScottPlot draws charts silently without any text;
        // fonts-dejavu-core is installed by scripts/install-deps.sh.
        Fonts.Default = "DejaVu Sans";
    }

    public static string QueueOverTime(LayoutEvaluation evaluation, IReadOnlyList<string> pointNames, double lessonStart, string title)
    {
        var plot = new Plot();
        var series = evaluation.MeanQueue;
        var minutes = Enumerable.Range(0, series.Waiting[0].Length)
            .Select(i => (series.Origin + i * series.Interval) / 60)
            .ToArray();
        for (var p = 0; p < series.Waiting.Length; p++)
        {
            var line = plot.Add.ScatterLine(minutes, series.Waiting[p].Select(v => (double)v).ToArray());
            line.LegendText = pointNames[p];
            line.LineWidth = 2;
        }

        var start = plot.Add.VerticalLine(lessonStart / 60);
        start.LinePattern = LinePattern.Dashed;
        start.LegendText = $"Lessons start {ClockTime.Format(lessonStart)}";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => ClockTime.Format(value * 60),
        };
        plot.Axes.SetLimitsY(0, Math.Max(1, series.Waiting.Max(s => s.Length == 0 ? 0 : s.Max())) * 1.1);
        plot.Title(title);
        plot.XLabel("Local time");
        plot.YLabel("Children waiting in line");
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot);
    }

    public static string WaitDistribution(LayoutEvaluation evaluation, double targetSeconds, string title)
    {
        var plot = new Plot();
        var waits = evaluation.PooledWaits;
        var maxMinutes = Math.Max(1, waits.Length == 0 ? 1 : waits.Max() / 60.0);
        const int binCount = 30;
        var width = maxMinutes / binCount;
        var counts = new double[binCount];
        foreach (var wait in waits)
        {
            var bin = Math.Min(binCount - 1, (int)(wait / 60.0 / width));
            counts[bin] += 100.0 / waits.Length;
        }

        var bars = plot.Add.Bars(Enumerable.Range(0, binCount).Select(i => (i + 0.5) * width).ToArray(), counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width * 0.95;
        }

        bars.LegendText = "Share of children";
        var p95 = plot.Add.VerticalLine(evaluation.Waits.P95.Mean / 60);
        p95.LegendText = $"95% wait less than {Wording.Duration(evaluation.Waits.P95.Mean)}";
        p95.Color = Colors.Red;
        var target = plot.Add.VerticalLine(targetSeconds / 60);
        target.LegendText = $"Target {Wording.Duration(targetSeconds)}";
        target.LinePattern = LinePattern.Dashed;
        target.Color = Colors.Green;
        plot.Title(title);
        plot.XLabel("Wait in line (minutes)");
        plot.YLabel("% of children");
        plot.Axes.SetLimitsY(0, Math.Max(1, counts.Max()) * 1.15);
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot);
    }

    private static string ToSvg(Plot plot)
    {
        var svg = plot.GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg;
    }
}
