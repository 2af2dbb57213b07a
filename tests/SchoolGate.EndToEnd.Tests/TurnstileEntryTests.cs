using System.Text.Json;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>
/// The first vertical slice over real components: a virtual turnstile (firmware core on simulated
/// GPIO) talks MQTT over loopback to the real gateway, which decides, stores and notifies.
/// </summary>
public sealed class TurnstileEntryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task KnownCardOpensTheRelayRecordsArrivalAndTellsTheGuardianOnce()
    {
        var school = await gateway.SeedSchoolAsync(students: 1);
        var student = school.Students[0];
        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);

        var tap = await lane.TapAsync(student.CardId);

        Assert.True(tap.Granted);
        Assert.True(tap.Passed);
        Assert.Equal(1, lane.RelayReleases);
        Assert.False(lane.RelayReleased);
        await lane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));
        var events = await gateway.EventsAsync(lane.DeviceId);
        var entered = Assert.Single(events, e => e.GetProperty("type").GetString() == PassageTypes.Entered);
        Assert.Equal(student.CardId, entered.GetProperty("cardId").GetString());
        var messages = await Eventually.GetAsync(() => gateway.NotificationsAsync(student.GuardianId), m => m.Length > 0, "the guardian's message");
        var message = Assert.Single(messages).GetProperty("text").GetString();
        Assert.Contains(student.FirstName, message);
        Assert.DoesNotContain(student.LastName, message);
    }

    [Fact]
    public async Task UnknownCardDoesNotOpenTheRelay()
    {
        var school = await gateway.SeedSchoolAsync(students: 1);
        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);

        var tap = await lane.TapAsync("NOT-A-CARD-OF-THIS-CITY");

        Assert.False(tap.Granted);
        Assert.Equal(IndicatorSignal.Refused, tap.Signal);
        Assert.Equal(0, lane.RelayReleases);
        await lane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));
        var refused = Assert.Single(await gateway.EventsAsync(lane.DeviceId));
        Assert.Equal(PassageTypes.Refused, refused.GetProperty("type").GetString());
        Assert.Equal(Reasons.UnknownCard, refused.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RevokedCardDoesNotOpenTheRelayAndNobodyIsNotified()
    {
        var school = await gateway.SeedSchoolAsync(students: 1);
        var student = school.Students[0];
        await gateway.Api.RevokeCardAsync(student.CardId);
        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);

        var tap = await lane.TapAsync(student.CardId);

        Assert.False(tap.Granted);
        Assert.Equal(0, lane.RelayReleases);
        await lane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));
        var refused = Assert.Single(await gateway.EventsAsync(lane.DeviceId));
        Assert.Equal(Reasons.CardRevoked, refused.GetProperty("reason").GetString());
        Assert.Empty(await gateway.NotificationsAsync(student.GuardianId));
    }

    [Fact]
    public async Task PassIsRecordedOnceWhenTheDeviceResendsItAfterAReconnect()
    {
        var school = await gateway.SeedSchoolAsync(students: 1);
        var student = school.Students[0];
        await using var lane = await gateway.StartLaneAsync(school.Devices[0]);
        var duplicatesBefore = await gateway.MetricAsync("duplicateEvents");

        // The gateway stores the pass, but its acknowledgement never reaches the device.
        lane.DropAcks = true;
        Assert.True((await lane.TapAsync(student.CardId)).Passed);
        await Eventually.GetAsync(() => gateway.EventsAsync(lane.DeviceId), e => e.Length == 1, "the stored pass");
        // The ack is in flight when the event shows up in the API: wait until the lane has lost it,
        // or it could still arrive after DropAcks is lifted and no re-send would be needed.
        await Eventually.GetAsync(() => Task.FromResult(lane.AcksDropped), n => n > 0, "the lost ack");
        Assert.Equal(1, lane.PendingEvents);

        // The link drops and comes back: the device re-sends its journal and the ack gets through.
        lane.DropAcks = false;
        await lane.DropConnectionAsync();
        await lane.WaitUntilConnectedAsync(TimeSpan.FromSeconds(10));
        await lane.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));

        Assert.Single(await gateway.EventsAsync(lane.DeviceId));
        Assert.True(await gateway.MetricAsync("duplicateEvents") > duplicatesBefore);
        Assert.Single(await gateway.NotificationsAsync(student.GuardianId));
    }

    [Fact]
    public async Task PassSurvivesAPowerCutBeforeTheAckAndIsDeliveredOnceAfterReboot()
    {
        var school = await gateway.SeedSchoolAsync(students: 1);
        var student = school.Students[0];
        var device = school.Devices[0];
        var firstBoot = await gateway.StartLaneAsync(device);
        firstBoot.DropAcks = true;
        Assert.True((await firstBoot.TapAsync(student.CardId)).Passed);
        await Eventually.GetAsync(() => gateway.EventsAsync(device.DeviceId), e => e.Length == 1, "the stored pass");
        await firstBoot.DisposeAsync();

        await using var secondBoot = await gateway.StartLaneAsync(device, gateway.StorageFor(device));
        Assert.Equal(1, secondBoot.PendingEvents);
        await secondBoot.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));

        Assert.Single(await gateway.EventsAsync(device.DeviceId));
        Assert.Single(await gateway.NotificationsAsync(student.GuardianId));
        Assert.Equal(1, secondBoot.LastAckedSeq);
    }

    [Fact]
    public async Task ArrivalAndDepartureAppearInTodaysAttendance()
    {
        var school = await gateway.SeedSchoolAsync(students: 1, entryLanes: 1, exitLanes: 1);
        var student = school.Students[0];
        await using var entry = await gateway.StartLaneAsync(school.Devices[0]);
        await using var exit = await gateway.StartLaneAsync(school.Devices[1]);

        Assert.True((await entry.TapAsync(student.CardId)).Passed);
        Assert.True((await exit.TapAsync(student.CardId)).Passed);
        await entry.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));
        await exit.WaitForJournalDrainedAsync(TimeSpan.FromSeconds(10));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
        var today = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).ToString("yyyy-MM-dd");
        var rows = (await gateway.Api.GetAsync($"/api/attendance?schoolId={school.SchoolId}&date={today}")).EnumerateArray().ToArray();
        var row = Assert.Single(rows);
        Assert.Equal(student.Id, row.GetProperty("studentId").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("arrivedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, row.GetProperty("leftAt").ValueKind);
        var messages = await Eventually.GetAsync(() => gateway.NotificationsAsync(student.GuardianId), m => m.Length == 2, "arrival and departure messages");
        // The first seeded guardian has the gateway's default language, Russian.
        Assert.Equal("ru", student.GuardianLanguage);
        Assert.Contains(messages, m => m.GetProperty("text").GetString()!.StartsWith($"{student.FirstName}: выход из школы в ", StringComparison.Ordinal));
    }
}
