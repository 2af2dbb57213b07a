using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>
/// The gateway goes away (its process stops) and the lane keeps deciding from the access list it
/// synced over MQTT: known cards pass, unknown and revoked ones do not, and every passage reaches
/// the gateway exactly once when it is back. This class owns its gateway instance (its own
/// fixture), so stopping it does not disturb other test classes.
/// </summary>
public sealed class OfflineAccessTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task KnownCardOpensTheLaneOfflineAndUnknownOrRevokedCardsDoNot()
    {
        var school = await gateway.SeedSchoolAsync(students: 3);
        var known = school.Students[0];
        var revoked = school.Students[2];
        await gateway.Api.RevokeCardAsync(revoked.CardId);
        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);
        // The list published after the revocation: three cards issued, one revoked.
        await WaitForListAsync(lane, 2);

        await gateway.StopGatewayAsync();
        await Eventually.GetAsync(() => Task.FromResult(lane.IsConnected), c => !c, "the lane to notice the gateway is gone");
        var knownTap = await lane.TapAsync(known.CardId);
        var unknownTap = await lane.TapAsync("NOT-A-CARD-OF-THIS-CITY");
        var revokedTap = await lane.TapAsync(revoked.CardId);

        Assert.True(knownTap.Granted);
        Assert.True(knownTap.Passed);
        Assert.False(unknownTap.Granted);
        Assert.Equal(IndicatorSignal.Refused, unknownTap.Signal);
        Assert.False(revokedTap.Granted);
        Assert.Equal(1, lane.RelayReleases);
        Assert.Equal(3, lane.PendingEvents);

        await gateway.StartGatewayAsync();
        await lane.WaitUntilConnectedAsync(Patience);
        await lane.WaitForJournalDrainedAsync(Patience);

        var events = (await gateway.EventsAsync(lane.DeviceId)).OrderBy(e => e.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(events, e => Assert.True(e.GetProperty("offline").GetBoolean()));
        Assert.Equal(
            [
                (PassageTypes.Entered, known.CardId, Reasons.OfflineList),
                (PassageTypes.Refused, "NOT-A-CARD-OF-THIS-CITY", Reasons.NotInOfflineList),
                (PassageTypes.Refused, revoked.CardId, Reasons.NotInOfflineList),
            ],
            events.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("cardId").GetString(), e.GetProperty("reason").GetString())));
        var messages = await Eventually.GetAsync(() => gateway.NotificationsAsync(known.GuardianId), m => m.Length > 0, "the arrival message");
        Assert.Single(messages);
        Assert.Empty(await gateway.NotificationsAsync(revoked.GuardianId));
    }

    [Fact]
    public async Task ALaneThatWasOffDuringARevocationGetsTheNewerListWhenItComesBack()
    {
        var school = await gateway.SeedSchoolAsync(students: 2);
        var device = school.Devices[0];
        var firstBoot = await gateway.StartLaneAsync(device);
        await WaitForListAsync(firstBoot, 2);
        await firstBoot.DisposeAsync();

        await gateway.Api.RevokeCardAsync(school.Students[1].CardId);
        await using var secondBoot = await gateway.StartLaneAsync(device, gateway.StorageFor(device));

        await WaitForListAsync(secondBoot, 1);

        await gateway.StopGatewayAsync();
        try
        {
            await Eventually.GetAsync(() => Task.FromResult(secondBoot.IsConnected), c => !c, "the lane to notice the gateway is gone");
            Assert.False((await secondBoot.TapAsync(school.Students[1].CardId)).Granted);
            Assert.True((await secondBoot.TapAsync(school.Students[0].CardId)).Granted);
        }
        finally
        {
            await gateway.StartGatewayAsync();
        }

        await secondBoot.WaitUntilConnectedAsync(Patience);
        await secondBoot.WaitForJournalDrainedAsync(Patience);
        Assert.Equal(2, (await gateway.EventsAsync(device.DeviceId)).Length);
    }

    private static Task WaitForListAsync(VirtualTurnstile lane, int cards) =>
        Eventually.GetAsync(() => Task.FromResult(lane.OfflineListCount), c => c == cards, $"an offline list of {cards} cards", Patience);
}
