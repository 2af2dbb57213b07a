using Microsoft.Playwright;

namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>
/// Opens the governor's report in Debian's Chromium (installed by scripts/install-deps.sh) and checks
/// what a director would see: the answer, and charts that actually render with their labels.
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task GovernorReportOpensInABrowserWithRenderedCharts()
    {
        var report = _temp.File("governor.html");
        var run = CliRun.Plan(CliRun.Scenario("governor.yaml"), "--report", report);
        Assert.Equal(0, run.ExitCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        Assert.Contains("Recommended:", await page.Locator("#recommendation").InnerTextAsync());
        var charts = page.Locator("figure svg");
        Assert.Equal(3, await charts.CountAsync()); // queue as planned, queue recommended, wait distribution
        for (var i = 0; i < 3; i++)
        {
            var box = await charts.Nth(i).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 300 && box.Height > 100, $"chart {i} is {box.Width}x{box.Height}");
        }

        // Text drawn with a real font has a measurable size; missing fonts give charts without labels.
        var labels = await page.EvaluateAsync<string[]>(
            "Array.from(document.querySelectorAll('#queue-as-planned svg text')).filter(t => t.getBBox().width > 0).map(t => t.textContent.trim())");
        Assert.Contains("Children waiting in line", labels);
        Assert.Contains("Metal detectors", labels);
        Assert.Contains("08:00", labels);
        var plotted = await page.EvaluateAsync<int>(
            "document.querySelectorAll('#waits-as-planned svg path').length");
        Assert.True(plotted > 5);
    }
}
