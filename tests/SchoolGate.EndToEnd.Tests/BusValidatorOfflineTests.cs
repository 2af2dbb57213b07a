using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>
/// A school bus out of coverage for hours: a virtual bus validator (the firmware core, its NMEA
/// decoder on a simulated GPS, a file as flash) takes 5,000 taps while the gateway's broker cannot
/// be reached (the gateway is stopped), reboots halfway, and when the broker answers again it
/// connects by itself and every tap reaches the real gateway over MQTT exactly once and in order;
/// the device's journal is empty once the gateway has acknowledged them. This class owns its
/// gateway instance (its own fixture), so stopping it disturbs no other test class.
/// </summary>
public sealed class BusValidatorOfflineTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const int Taps = 5_000;

    [Fact]
    public async Task FiveThousandTapsTakenOfflineAcrossARebootReachTheGatewayOnceEachInOrder()
    {
        var school = await gateway.SeedSchoolAsync(students: 2, entryLanes: 0);
        var deviceId = $"bv-{Guid.NewGuid():n}"[..20];
        var secret = await gateway.Api.RegisterDeviceAsync(deviceId, school.SchoolId, DeviceKinds.BusValidator, null, "Bus 12");
        var storage = Path.Combine(Path.GetTempPath(), "schoolgate-e2e-bus", deviceId);
        var options = new VirtualBusValidatorOptions
        {
            DeviceId = deviceId,
            Secret = secret,
            MqttPort = gateway.MqttPort,
            StorageDirectory = storage,
            Route = "12",
            Vehicle = "045",
            GpsRoute = [GeoPoint.FromDegrees(43.2380, 76.8829), GeoPoint.FromDegrees(43.2567, 76.9286)],
            ConnectAtStart = false,
            ResendAfterMs = 1000,
            Tick = TimeSpan.FromMilliseconds(1),
        };
        // Two real children first, then the rest of a long day's riders.
        var cards = school.Students.Select(s => s.CardId).Concat(Enumerable.Range(0, Taps - school.Students.Count).Select(i => $"E2E{i:X8}")).ToArray();
        await gateway.StopGatewayAsync();
        try
        {
            await using (var firstBoot = await VirtualBusValidator.StartAsync(options))
            {
                foreach (var card in cards[..(Taps / 2)])
                {
                    firstBoot.Tap(card);
                }

                await firstBoot.WaitForTapsTakenAsync(TimeSpan.FromSeconds(40));
                Assert.Equal(Taps / 2, firstBoot.PendingEvents);
                Assert.False(firstBoot.IsConnected);
            }

            // Power cut halfway: a new controller over the same flash.
            await using var secondBoot = await VirtualBusValidator.StartAsync(options);
            Assert.Equal(Taps / 2, secondBoot.PendingEvents);
            foreach (var card in cards[(Taps / 2)..])
            {
                secondBoot.Tap(card);
            }

            await secondBoot.WaitForTapsTakenAsync(TimeSpan.FromSeconds(40));
            Assert.Equal(Taps, secondBoot.PendingEvents);
            Assert.Equal(0, secondBoot.LostEvents);
            Assert.False(secondBoot.IsConnected);
            Assert.Empty(await gateway.StoredEventsAsync(deviceId));

            // Back in coverage: the validator, retrying all along, connects and drains its journal.
            await gateway.StartGatewayAsync();
            await secondBoot.WaitUntilConnectedAsync(TimeSpan.FromSeconds(15));
            await secondBoot.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(45));

            var stored = await gateway.StoredEventsAsync(deviceId);
            Assert.Equal(Enumerable.Range(1, Taps).Select(i => (long)i), stored.Select(e => e.Seq));
            Assert.Equal(cards, stored.Select(e => e.CardId));
            Assert.All(stored, e => Assert.Equal(PassageTypes.Boarded, e.Type));
            Assert.All(stored, e => Assert.Equal(1, e.Offline));
            Assert.Equal(0, await gateway.GapsAsync(deviceId));
            Assert.Equal(Taps, secondBoot.LastAckedSeq);
            Assert.Equal(0, secondBoot.PendingEvents);
            var left = Directory.GetFiles(storage).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["journal-meta-a", "journal-meta-b"], left);
        }
        finally
        {
            Directory.Delete(storage, recursive: true);
        }
    }
}
