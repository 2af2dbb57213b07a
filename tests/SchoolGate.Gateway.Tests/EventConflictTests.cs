using System.Net;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// A controller that was wiped or replaced under the same device id starts its seq at 1 again:
/// its new events must not be mistaken for re-sent old ones.
/// </summary>
public sealed class EventConflictTests
{
    [Fact]
    public async Task KeepsAnEventThatReusesASeqWithOtherContentAsAConflictAndAcknowledgesIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var morning = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, morning);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, morning + 60_000);

        // The controller is replaced; its journal starts again at seq 1 with new passages.
        var later = morning + 3_600_000;
        var restarted = await device.SendEventAsync(1, PassageTypes.Refused, s.CardId, later, reason: Reasons.CardRevoked);
        var another = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, later + 1_000);

        // Acknowledged (the device must not be stuck re-sending) with the acked seq, here the highest
        // stored one, above the new events: a real device would jump its counter past it.
        Assert.Equal(2, restarted.Seq);
        Assert.Equal(2, another.Seq);
        var conflicts = await gateway.GetAsync<ConflictDto[]>($"/api/conflicts?deviceId={s.DeviceId}");
        Assert.Equal(2, conflicts.Length);
        Assert.Equal([(PassageTypes.Entered, later + 1_000), (PassageTypes.Refused, later)],
            conflicts.Select(c => (c.Type, c.DeviceTs!.Value.ToUnixTimeMilliseconds())));
        Assert.All(conflicts, c => Assert.Equal((s.DeviceId, 1L, s.CardId), (c.DeviceId, c.Seq, c.CardId)));
        Assert.Equal(Reasons.CardRevoked, conflicts[1].Reason);
        Assert.Equal(2, EventIngestionTests.CountEvents(gateway, s.DeviceId));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(2, metrics["conflictingEvents"]);
        Assert.Equal(0, metrics["duplicateEvents"]);
        Assert.Equal(2, metrics["eventsStored"]);
        await gateway.RegisterDeviceAsync("another-device", s.SchoolId);
        Assert.Empty(await gateway.GetAsync<ConflictDto[]>("/api/conflicts?deviceId=another-device"));
    }

    [Fact]
    public async Task AWipedDeviceIsAckedAboveItsEarlierLifeEvenWhenThatLifeLeftAHole()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var morning = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var seq in new long[] { 1, 2, 4 })
        {
            await device.SendEventAsync(seq, PassageTypes.Entered, s.CardId, morning);
        }

        // Event 3 died with the old controller; its replacement (same id) starts again at 1.
        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        var restarted = await device.SendEventAsync(1, PassageTypes.Exited, s.CardId, morning + 600_000);

        // The hole is given up (older than the gap timeout), so the ack is the earlier life's
        // highest seq: the device jumps its counter past every seq the gateway holds.
        Assert.Equal(4, restarted.Seq);
        var jumped = await device.SendEventAsync(5, PassageTypes.Entered, s.CardId, morning + 601_000);
        Assert.Equal(5, jumped.Seq);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((1, 1, 4), (metrics["conflictingEvents"], metrics["gapsAbandoned"], metrics["eventsStored"]));
    }

    [Fact]
    public async Task ConflictingPassageReachesAttendanceAndParentsExactlyOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync(firstName: "Aruzhan");
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(s.StudentId, guardian);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var arrival = gateway.Time.GetUtcNow();
        var departure = arrival.AddHours(6);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, arrival.ToUnixTimeMilliseconds());

        // The replacement controller's seq 1 is a real exit; it is re-sent once (ack lost).
        gateway.Time.SetUtcNow(departure);
        await device.SendEventAsync(1, PassageTypes.Exited, s.CardId, departure.ToUnixTimeMilliseconds());
        await device.SendEventAsync(1, PassageTypes.Exited, s.CardId, departure.ToUnixTimeMilliseconds());

        var entry = Assert.Single(await gateway.GetAsync<AttendanceAndNotificationTests.AttendanceDto[]>(
            $"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10"));
        Assert.Equal(arrival, entry.ArrivedAt);
        Assert.Equal(departure, entry.LeftAt);
        var messages = await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardian}");
        Assert.Equal(["Aruzhan: выход из школы в 13:52", "Aruzhan: вход в школу в 07:52"], messages.Select(m => m.Text));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["conflictingEvents"]);
        Assert.Equal(1, metrics["duplicateEvents"]);
        Assert.Equal(2, metrics["notificationsQueued"]);
    }

    [Fact]
    public async Task ResentEventWithAnUnrepresentableTimeIsADuplicateNotAConflict()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        // Stored with ts 0 (unknown): the re-sent copy still says long.MaxValue.
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, long.MaxValue);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, long.MaxValue);

        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["duplicateEvents"]);
        Assert.Equal(0, metrics["conflictingEvents"]);
        Assert.Empty(await gateway.GetAsync<ConflictDto[]>($"/api/conflicts?deviceId={s.DeviceId}"));
    }

    [Fact]
    public async Task ConflictsApiRefusesAnInvalidDeviceId()
    {
        await using var gateway = await TestGateway.StartAsync();

        var response = await gateway.Http.GetAsync("/api/conflicts?deviceId=bad%2Fid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deviceId", await response.Content.ReadAsStringAsync());
    }

    public sealed record ConflictDto(long Id, string DeviceId, long Seq, string Type, string CardId, string Reason, bool Offline,
        DateTimeOffset? DeviceTs, DateTimeOffset ReceivedAt);
}
