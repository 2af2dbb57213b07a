using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class AttendanceAndNotificationTests
{
    private static readonly TimeZoneInfo Almaty = TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");

    [Fact]
    public async Task RecordsArrivalOnLocalSchoolDay()
    {
        // 23:30 UTC on 10 March is already the morning of 11 March in Almaty.
        var lateUtc = new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.Zero);
        await using var gateway = await TestGateway.StartAsync(lateUtc);
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, lateUtc.ToUnixTimeMilliseconds());

        Assert.Empty(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10"));
        var entry = Assert.Single(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-11"));
        Assert.Equal(s.StudentId, entry.StudentId);
        Assert.Equal(lateUtc, entry.ArrivedAt);
        Assert.Null(entry.LeftAt);
        // Without a date the API answers for "today" in the school's time zone.
        Assert.Single(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}"));
    }

    [Fact]
    public async Task KeepsFirstArrivalAndLatestDepartureOfTheDay()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var morning = gateway.Time.GetUtcNow();
        long At(int hours)
        {
            gateway.Time.SetUtcNow(morning.AddHours(hours));
            return morning.AddHours(hours).ToUnixTimeMilliseconds();
        }

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, At(0));
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, At(3));
        await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, At(4));
        // Offline-decided passages count too; refused and abandoned ones do not.
        await device.SendEventAsync(4, PassageTypes.Exited, s.CardId, At(6), offline: true, reason: Reasons.OfflineList);
        await device.SendEventAsync(5, PassageTypes.Refused, s.CardId, At(7), reason: Reasons.CardRevoked);
        await device.SendEventAsync(6, PassageTypes.Abandoned, s.CardId, At(7));

        var entry = Assert.Single(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10"));
        Assert.Equal(morning, entry.ArrivedAt);
        Assert.Equal(morning.AddHours(6), entry.LeftAt);
    }

    [Fact]
    public async Task UsesReceiveTimeWhenDeviceClockIsImplausible()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        // A controller whose clock never synced reports the 1970 epoch.
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, tsMs: 5_000);

        var entry = Assert.Single(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10"));
        Assert.Equal(gateway.Time.GetUtcNow(), entry.ArrivedAt);
    }

    [Fact]
    public async Task NotifiesGuardianOnceWithFirstNameOnly()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync(firstName: "Aruzhan");
        var mother = await gateway.CreateGuardianAsync("Gulnara");
        var father = await gateway.CreateGuardianAsync("Nurlan");
        await gateway.LinkGuardianAsync(s.StudentId, mother);
        await gateway.LinkGuardianAsync(s.StudentId, father);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var arrival = gateway.Time.GetUtcNow();
        var departure = arrival.AddHours(6).AddMinutes(13);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, arrival.ToUnixTimeMilliseconds());
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, arrival.ToUnixTimeMilliseconds());
        gateway.Time.SetUtcNow(departure);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, departure.ToUnixTimeMilliseconds());

        // Neither guardian chose a language: both get the default, Russian.
        var expected = new[]
        {
            $"Aruzhan: выход из школы в {TimeZoneInfo.ConvertTime(departure, Almaty):HH:mm}",
            $"Aruzhan: вход в школу в {TimeZoneInfo.ConvertTime(arrival, Almaty):HH:mm}",
        };
        foreach (var guardian in new[] { mother, father })
        {
            var messages = await WaitUntilSentAsync(gateway, guardian, count: 2);
            Assert.Equal(expected, messages.Select(m => m.Text));
            Assert.All(messages, m => Assert.DoesNotContain("Nurlanovna", m.Text));
        }

        Assert.Equal(4, (await gateway.MetricsAsync())["notificationsQueued"]);
    }

    [Fact]
    public async Task SendsNoMessageForRefusedPassage()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(s.StudentId, guardian);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Refused, s.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(), reason: Reasons.CardRevoked);

        Assert.Empty(await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardian}"));
        Assert.Empty(await gateway.GetAsync<AttendanceDto[]>($"/api/attendance?schoolId={s.SchoolId}&date=2025-03-10"));
    }

    /// <summary>The outbox dispatcher delivers in the background; wait (bounded) until it has.</summary>
    private static async Task<EventIngestionTests.NotificationDto[]> WaitUntilSentAsync(TestGateway gateway, long guardianId, int count)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var messages = await gateway.GetAsync<EventIngestionTests.NotificationDto[]>($"/api/notifications?guardianId={guardianId}");
            if (messages.Length == count && messages.All(m => m.Status == "sent") || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                Assert.Equal(count, messages.Length);
                Assert.All(messages, m => Assert.Equal("sent", m.Status));
                return messages;
            }

            await Task.Delay(50);
        }
    }

    public sealed record AttendanceDto(long StudentId, string FirstName, string LastName, long SchoolId, string SchoolDay,
        DateTimeOffset? ArrivedAt, DateTimeOffset? LeftAt);
}
