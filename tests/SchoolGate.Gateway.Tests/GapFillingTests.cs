using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>A gap is "events that never arrived": once they do arrive, it is no longer open.</summary>
public sealed class GapFillingTests
{
    [Fact]
    public async Task GapLeavesTheOpenListOnceEveryMissingEventHasArrived()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts);
        await device.SendEventAsync(5, PassageTypes.Entered, s.CardId, ts);

        await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, ts);
        var partlyFilled = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        await device.SendEventAsync(2, PassageTypes.Entered, s.CardId, ts);
        gateway.Time.Advance(TimeSpan.FromMinutes(30));
        await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, ts);

        Assert.Equal((2, 4, 2), (partlyFilled.FromSeq, partlyFilled.ToSeq, partlyFilled.Missing));
        Assert.Null(partlyFilled.FilledAt);
        Assert.Empty(await GapsAsync(gateway, s.DeviceId));
        var history = Assert.Single(await GapsAsync(gateway, s.DeviceId, all: true));
        Assert.Equal((2, 4, 0), (history.FromSeq, history.ToSeq, history.Missing));
        Assert.Equal(gateway.Time.GetUtcNow(), history.FilledAt);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["gapsDetected"]);
        Assert.Equal(1, metrics["gapsFilled"]);
    }

    [Fact]
    public async Task ResentLateEventCountsOnceTowardsFillingAGap()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);

        await device.SendEventAsync(2, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Entered, s.CardId, 0);

        var gap = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal((2, 3, 1), (gap.FromSeq, gap.ToSeq, gap.Missing));
        Assert.Equal(0, (await gateway.MetricsAsync())["gapsFilled"]);
    }

    [Fact]
    public async Task GapsAlreadyFilledBeforeTheUpgradeAreMarkedFilledByTheMigration()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            foreach (var seq in new long[] { 1, 4, 2, 3, 5, 9, 7 })
            {
                await device.SendEventAsync(seq, PassageTypes.Entered, s.CardId, 0);
            }
        }

        // What an older gateway left: gap rows without the fill bookkeeping.
        gateway.Store.Execute("""
            DROP INDEX ix_device_gaps_open;
            ALTER TABLE device_gaps DROP COLUMN arrived;
            ALTER TABLE device_gaps DROP COLUMN filled_at;
            DELETE FROM schema_versions WHERE version = 4;
            """);

        await gateway.RestartAsync();

        var open = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal((6, 8, 2), (open.FromSeq, open.ToSeq, open.Missing));
        var all = await GapsAsync(gateway, s.DeviceId, all: true);
        Assert.Equal([(2L, 3L, 0L, true), (6L, 8L, 2L, false)],
            all.Select(g => (g.FromSeq, g.ToSeq, g.Missing, g.FilledAt is not null)).OrderBy(g => g.FromSeq));
    }

    private static Task<EventIngestionTests.GapDto[]> GapsAsync(TestGateway gateway, string deviceId, bool all = false) =>
        gateway.GetAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={deviceId}" + (all ? "&all=true" : ""));
}
