using System.Net;
using System.Net.Http.Json;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Tests.Telegram;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>One timeline per child: the bus (both sources) and the entrance merged in time order, in school-local time.</summary>
public sealed class StudentTimelineTests
{
    [Fact]
    public async Task TheDayMergesBusAndEntranceInTimeOrderInSchoolLocalTime()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await using var turnstile = await gateway.ConnectAsync(bus.School.DeviceId, bus.School.Secret);
        using var operatorSystem = bus.OperatorClient(gateway);
        var morning = gateway.Time.GetUtcNow();   // 07:52 in Almaty
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, morning);
        gateway.Time.Advance(TimeSpan.FromMinutes(20));
        await validator.SendTapAsync(2, PassageTypes.Alighted, bus.School.CardId, gateway.Time.GetUtcNow());
        gateway.Time.Advance(TimeSpan.FromMinutes(3));
        await turnstile.SendEventAsync(1, PassageTypes.Refused, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            reason: Reasons.WrongSchool);
        await turnstile.SendEventAsync(2, PassageTypes.Entered, bus.School.CardId, gateway.Time.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds());
        gateway.Time.Advance(TimeSpan.FromHours(6));
        await turnstile.SendEventAsync(3, PassageTypes.Exited, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());
        // The ride home is handed in by the operator afterwards, out of order with what the turnstile saw.
        var home = gateway.Time.GetUtcNow().AddMinutes(5);
        gateway.Time.Advance(TimeSpan.FromMinutes(40));
        var taps = new object[]
        {
            new { tapId = "home-2", cardId = bus.School.CardId, type = "alighted", route = "7", at = home.AddMinutes(25).ToString("O") },
            new { tapId = "home-1", cardId = bus.School.CardId, type = "boarded", route = "7", vehicle = "112", at = home.ToString("O") },
        };
        Assert.Equal(HttpStatusCode.OK, (await operatorSystem.PostAsJsonAsync("/api/integrations/transport/taps", new { taps })).StatusCode);
        // Yesterday's tap, handed in by a validator that was offline since, is not today's.
        await validator.SendTapAsync(3, PassageTypes.Boarded, bus.School.CardId, morning.AddDays(-1), offline: true);

        var timeline = await gateway.GetAsync<BusTapMessageTests.TimelineDto>($"/api/students/{bus.School.StudentId}/timeline?date=2025-03-10");

        Assert.Equal(("2025-03-10", "Asia/Almaty", "Aruzhan"), (timeline.Date, timeline.TimeZone, timeline.FirstName));
        Assert.Equal(
        [
            $"07:52:00 boarded Boarded bus 12 (vehicle 045) {bus.ValidatorId}",
            $"08:12:00 alighted Got off bus 12 (vehicle 045) {bus.ValidatorId}",
            $"08:15:00 refused Refused at the entrance {bus.School.DeviceId}",
            $"08:15:30 entered Entered school {bus.School.DeviceId}",
            $"14:15:00 exited Left school {bus.School.DeviceId}",
            "14:20:00 boarded Boarded bus 7 (vehicle 112) -",
            "14:45:00 alighted Got off bus 7 -",
        ], timeline.Entries.Select(e => $"{e.LocalTime} {e.Kind} {e.Text} {e.DeviceId ?? "-"}"));
        Assert.Equal(("7", "112"), (timeline.Entries[5].Route, timeline.Entries[5].Vehicle));
        // Without a date: today, school-local.
        Assert.Equal(7, (await gateway.GetAsync<BusTapMessageTests.TimelineDto>($"/api/students/{bus.School.StudentId}/timeline")).Entries.Length);
    }

    [Fact]
    public async Task AChildsTimelineIsSeenOnlyByTheirSchoolsStaffWhoWatchTheEntrance()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        var other = await gateway.SeedAsync("School 9", "Dias");
        using var ownAdmin = await gateway.ClientForAsync("school-admin", bus.School.SchoolId);
        using var ownGuard = await gateway.ClientForAsync("security-officer", bus.School.SchoolId);
        using var otherAdmin = await gateway.ClientForAsync("school-admin", other.SchoolId);
        using var canteen = await gateway.ClientForAsync("canteen-operator", bus.School.SchoolId);
        var path = $"/api/students/{bus.School.StudentId}/timeline";

        Assert.Equal(HttpStatusCode.OK, (await ownAdmin.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownGuard.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await canteen.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/students/999/timeline")).StatusCode);
        using var badDate = await ownAdmin.GetAsync(path + "?date=10.03.2025");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("date", await badDate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheParentsTodayInTelegramShowsTheBusToo()
    {
        await using var bed = await TelegramTestBed.StartAsync();
        var (school, family, code) = await bed.SeedCodeAsync("en", "Aruzhan");
        var parent = bed.Parent(5550199);
        await parent.SendAsync("/start " + code.Code);
        var gateway = bed.Gateway;
        var secret = (await gateway.PostAsync<TestGateway.CredentialsDto>("/api/devices",
            new { deviceId = "bus-main", schoolId = school.Id, kind = DeviceKinds.BusValidator })).Secret;
        await using var validator = await gateway.ConnectAsync("bus-main", secret);
        await using var turnstile = await gateway.ConnectAsync(school.DeviceId, school.DeviceSecret);
        var morning = gateway.Time.GetUtcNow();
        await validator.SendTapAsync(1, PassageTypes.Boarded, family.CardIds[0], morning.AddMinutes(-25));
        await validator.SendTapAsync(2, PassageTypes.Alighted, family.CardIds[0], morning.AddMinutes(-4), vehicle: null);
        await turnstile.SendEventAsync(1, PassageTypes.Entered, family.CardIds[0], morning.ToUnixTimeMilliseconds());

        var today = await parent.SendAsync("/today");

        Assert.Equal("Today, 10.03\n\nAruzhan\n07:27 — boarded the bus (№12, 045)\n07:48 — got off the bus (№12)\n07:52 — arrived at school", today.Text);
    }
}
