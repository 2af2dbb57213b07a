using System.Text.Json;
using Microsoft.Playwright;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// <c>ts: 0</c> means "the device did not know the time" (an unsynced clock, a last will). Shown
/// as 1970-01-01 it reads as a real, absurd time, so the API says null and the dashboard "unknown".
/// </summary>
public sealed class UnknownDeviceTimeTests
{
    [Fact]
    public async Task ListsAnUnknownDeviceTimeAsNullInEventsAndConflicts()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var known = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, known);
        // A time no calendar holds is stored as 0, so it is unknown too.
        await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, long.MaxValue);
        // A restarted counter: seq 1 again with other content, still without a clock.
        await device.SendEventAsync(1, PassageTypes.Refused, s.CardId, 0, reason: Reasons.CardRevoked);

        var events = await JsonAsync(gateway, $"/api/events?deviceId={s.DeviceId}");
        var conflict = Assert.Single(await JsonAsync(gateway, $"/api/conflicts?deviceId={s.DeviceId}"));

        var deviceTimes = events.ToDictionary(e => e.GetProperty("seq").GetInt64(), e => e.GetProperty("deviceTs"));
        Assert.Equal(JsonValueKind.Null, deviceTimes[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, deviceTimes[3].ValueKind);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(known), deviceTimes[2].GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, conflict.GetProperty("deviceTs").ValueKind);
        Assert.All(events, e => Assert.Equal(JsonValueKind.String, e.GetProperty("receivedAt").ValueKind));
    }

    [Fact]
    public async Task DashboardShowsAnUnknownDeviceTimeAsUnknown()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
            // 02:52:00 UTC is 07:52:00 in the school's zone (Asia/Almaty).
            await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, TestGateway.DefaultStart.ToUnixTimeMilliseconds());
        }

        await using var dashboard = await DashboardBrowser.OpenAsync(gateway);
        var page = dashboard.Page;
        var rows = page.Locator("#events tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        var deviceTimeBySeq = new Dictionary<string, string>();
        for (var i = 0; i < 2; i++)
        {
            var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
            deviceTimeBySeq[cells[3]] = cells[1];
        }

        Assert.Equal("unknown", deviceTimeBySeq["1"]);
        Assert.Equal("07:52:00", deviceTimeBySeq["2"]);
        Assert.Equal("Device time", await page.Locator("#events").Locator("xpath=..").Locator("th").Nth(1).InnerTextAsync());
    }

    private static async Task<JsonElement[]> JsonAsync(TestGateway gateway, string path)
    {
        using var document = JsonDocument.Parse(await gateway.Http.GetStringAsync(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
