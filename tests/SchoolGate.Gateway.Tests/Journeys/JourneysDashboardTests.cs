using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Journeys;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>The dashboard in Chromium: the open bus alerts, and a child's day.</summary>
public sealed class JourneysDashboardTests
{
    [Fact]
    public async Task TheDashboardShowsAnOpenBusAlertAndAClickedChildsDay()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await using var turnstile = await gateway.ConnectAsync(bus.School.DeviceId, bus.School.Secret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());
        var checker = gateway.Services.GetRequiredService<JourneyAlertChecker>();
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        checker.Checked += (_, count) =>
        {
            if (count > 0)
            {
                raised.TrySetResult();
            }
        };
        gateway.Time.Advance(TimeSpan.FromMinutes(46));
        await raised.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var dashboard = await DashboardBrowser.OpenAsync(gateway);
        var page = dashboard.Page;

        await Assertions.Expect(page.Locator("#bus-alerts")).ToContainTextAsync("Aruzhan Nurlanovna");
        await Assertions.Expect(page.Locator("#bus-alerts")).ToContainTextAsync("bus 12, vehicle 045");
        await Assertions.Expect(page.Locator("#bus-alert-count")).ToHaveTextAsync("1 open");

        await turnstile.SendEventAsync(1, PassageTypes.Entered, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await Assertions.Expect(page.Locator("#bus-alerts")).ToContainTextAsync("No child is missing from a bus.");
        await page.ClickAsync("#attendance button.link");

        var rows = page.Locator("#timeline tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("07:52:00");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Boarded bus 12 (vehicle 045)");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("08:38:00");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Entered school");

        await page.FillAsync("#timeline-date", "2025-03-09");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Nothing on 2025-03-09 yet.");
    }
}
