using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Journeys;
using SchoolGate.Gateway.Tests.EntranceRules;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>The cross-rule: boarded on a school morning but not through the school's entrance N minutes later.</summary>
public sealed class BusNotAtSchoolTests
{
    [Fact]
    public async Task TheAlertFiresAfterTheSchoolsMinutesAndClearsWhenTheChildEnters()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        var settings = await gateway.Http.PutAsJsonAsync($"/api/schools/{bus.School.SchoolId}/journeys/settings", new { alertAfterMinutes = 30 });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await using var turnstile = await gateway.ConnectAsync(bus.School.DeviceId, bus.School.Secret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(29));
        Assert.Single(await BusScenario.MessagesAsync(gateway, bus.GuardianId));
        Assert.Empty(await AlertsAsync(gateway, bus.School.SchoolId));

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(2));
        var alert = (await BusScenario.MessagesAsync(gateway, bus.GuardianId))[^1];
        Assert.Equal("Aruzhan boarded bus 12 at 07:52 but has not entered school by 08:22", alert.Text);
        Assert.Equal(("safety", "bus-not-at-school"), (alert.Priority, alert.Kind));
        var open = Assert.Single(await AlertsAsync(gateway, bus.School.SchoolId));
        Assert.Equal(("open", "Aruzhan", "12", "045"), (open.Status, open.FirstName, open.Route, open.Vehicle));

        await turnstile.SendEventAsync(1, PassageTypes.Entered, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        var messages = await BusScenario.MessagesAsync(gateway, bus.GuardianId);
        Assert.Equal(
        [
            "Aruzhan boarded bus 12 (vehicle 045) at 07:52",
            "Aruzhan boarded bus 12 at 07:52 but has not entered school by 08:22",
            "Aruzhan arrived at school at 08:23",
            "Aruzhan has now entered school at 08:23",
        ], messages.Select(m => m.Text));
        Assert.Equal("safety", messages[^1].Priority);
        var cleared = Assert.Single(await AlertsAsync(gateway, bus.School.SchoolId));
        Assert.Equal("cleared", cleared.Status);
        Assert.Equal(gateway.Time.GetUtcNow(), cleared.EnteredAt);
        Assert.Empty(await AlertsAsync(gateway, bus.School.SchoolId, "open"));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((1, 1), (metrics["journeyAlertsRaised"], metrics["journeyAlertsCleared"]));
    }

    [Fact]
    public async Task NoAlertWhenTheChildEntersInTime()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await using var turnstile = await gateway.ConnectAsync(bus.School.DeviceId, bus.School.Secret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());
        gateway.Time.Advance(TimeSpan.FromMinutes(20));
        await turnstile.SendEventAsync(1, PassageTypes.Entered, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(60));

        Assert.DoesNotContain(await BusScenario.MessagesAsync(gateway, bus.GuardianId), m => m.Priority == "safety");
        Assert.Empty(await AlertsAsync(gateway, bus.School.SchoolId));
        Assert.Equal("resolved", gateway.Store.Scalar<string>("SELECT status FROM journey_alerts"));
    }

    [Fact]
    public async Task AChildWhoGotOffAndThenEnteredIsNeverAlertedAbout()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await using var turnstile = await gateway.ConnectAsync(bus.School.DeviceId, bus.School.Secret);
        var boarded = gateway.Time.GetUtcNow();
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, boarded);
        gateway.Time.Advance(TimeSpan.FromMinutes(18));
        await validator.SendTapAsync(2, PassageTypes.Alighted, bus.School.CardId, gateway.Time.GetUtcNow());
        gateway.Time.Advance(TimeSpan.FromMinutes(4));
        await turnstile.SendEventAsync(1, PassageTypes.Entered, bus.School.CardId, gateway.Time.GetUtcNow().ToUnixTimeMilliseconds());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(45));
        await AdvanceAndCheckAsync(gateway, TimeSpan.FromHours(3));

        Assert.Equal(["boarded", "alighted", "arrived"], (await BusScenario.MessagesAsync(gateway, bus.GuardianId)).Select(m => m.Kind));
    }

    [Fact]
    public async Task ABoardingOnASaturdayStartsNoAlert()
    {
        // 02:52 UTC on Saturday 15 March 2025 = 07:52 in Almaty.
        await using var gateway = await TestGateway.StartAsync(new DateTimeOffset(2025, 3, 15, 2, 52, 0, TimeSpan.Zero));
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(60));

        Assert.Equal(["boarded"], (await BusScenario.MessagesAsync(gateway, bus.GuardianId)).Select(m => m.Kind));
        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_alerts"));
    }

    [Fact]
    public async Task ABoardingOnAHolidayOfTheSchoolCalendarStartsNoAlert()
    {
        // Monday 17 March 2025, 07:52 in Almaty: a weekday, but the school's calendar has it off.
        await using var gateway = await TestGateway.StartAsync(new DateTimeOffset(2025, 3, 17, 2, 52, 0, TimeSpan.Zero));
        var bus = await BusScenario.SeedAsync(gateway);
        await gateway.PutOkAsync($"/api/schools/{bus.School.SchoolId}/calendar/days/2025-03-17", new { schoolDay = false, note = "heating failure" });
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(60));

        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_alerts"));
    }

    [Fact]
    public async Task ABoardingOnAnExceptionalSchoolSaturdayIsWatched()
    {
        // Saturday 15 March 2025, 07:52 in Almaty, made a school day by the calendar.
        await using var gateway = await TestGateway.StartAsync(new DateTimeOffset(2025, 3, 15, 2, 52, 0, TimeSpan.Zero));
        var bus = await BusScenario.SeedAsync(gateway);
        await gateway.PutOkAsync($"/api/schools/{bus.School.SchoolId}/calendar/days/2025-03-15", new { schoolDay = true, note = "made up for Nauryz" });
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(60));

        Assert.Equal(1L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_alerts WHERE raised_at IS NOT NULL"));
    }

    [Fact]
    public async Task ABoardingInTheAfternoonStartsNoAlert()
    {
        // 09:30 UTC = 14:30 in Almaty, on the way home.
        await using var gateway = await TestGateway.StartAsync(new DateTimeOffset(2025, 3, 10, 9, 30, 0, TimeSpan.Zero));
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(60));

        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_alerts"));
    }

    [Fact]
    public async Task AnOperatorsBoardingIsWatchedAndARestartNeverAlertsTwice()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        using var operatorSystem = bus.OperatorClient(gateway);
        var tap = new { tapId = "op-1", cardId = bus.School.CardId, type = "boarded", route = "12", vehicle = "045", at = gateway.Time.GetUtcNow().ToString("O") };
        Assert.Equal(HttpStatusCode.OK, (await operatorSystem.PostAsJsonAsync("/api/integrations/transport/taps", new { taps = new[] { tap } })).StatusCode);
        await gateway.RestartAsync();

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(46));
        await gateway.RestartAsync();
        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(10));

        var messages = await BusScenario.MessagesAsync(gateway, bus.GuardianId);
        Assert.Equal(["boarded", "bus-not-at-school"], messages.Select(m => m.Kind));
        Assert.Equal("Aruzhan boarded bus 12 at 07:52 but has not entered school by 08:37", messages[1].Text);
        Assert.Single(await AlertsAsync(gateway, bus.School.SchoolId, "open"));
    }

    [Fact]
    public async Task AGatewayDownUntilTheNextDayDoesNotRaiseYesterdaysAlert()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using (var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret))
        {
            await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());
        }

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromDays(1));

        Assert.Equal(["boarded"], (await BusScenario.MessagesAsync(gateway, bus.GuardianId)).Select(m => m.Kind));
        Assert.Equal("expired", gateway.Store.Scalar<string>("SELECT status FROM journey_alerts"));
    }

    [Fact]
    public async Task TwoGatewaysOnOneDatabaseRaiseTheAlertOnce()
    {
        await using var first = await TestGateway.StartAsync();
        await using var second = await TestGateway.StartAsync(sharedStore: first.Store);
        var bus = await BusScenario.SeedAsync(first);
        await using var validator = await first.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, first.Time.GetUtcNow());

        // Both checkers find the boarding due at the same moment.
        await Task.WhenAll(AdvanceAndCheckAsync(first, TimeSpan.FromMinutes(46)), AdvanceAndCheckAsync(second, TimeSpan.FromMinutes(46)));

        Assert.Equal(["boarded", "bus-not-at-school"], (await BusScenario.MessagesAsync(first, bus.GuardianId)).Select(m => m.Kind));
        var raised = (await first.MetricsAsync())["journeyAlertsRaised"] + (await second.MetricsAsync())["journeyAlertsRaised"];
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task EachSchoolsStaffSeeOnlyTheirOwnAlertsAndTheRegionSeesAll()
    {
        await using var gateway = await TestGateway.StartAsync();
        var a = await BusScenario.SeedAsync(gateway, "School A", "Aruzhan");
        var b = await BusScenario.SeedAsync(gateway, "School B", "Bolat");
        foreach (var bus in new[] { a, b })
        {
            await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
            await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());
        }

        await AdvanceAndCheckAsync(gateway, TimeSpan.FromMinutes(46));
        using var guardOfA = await gateway.ClientForAsync("security-officer", a.School.SchoolId);

        var region = await gateway.GetAsync<AlertDto[]>("/api/journeys/alerts?status=open");
        var ownOnly = await guardOfA.GetFromJsonAsync<AlertDto[]>("/api/journeys/alerts?status=open");

        Assert.Equal(["Aruzhan", "Bolat"], region.Select(r => r.FirstName).Order());
        Assert.Equal([(a.School.SchoolId, "Aruzhan")], ownOnly!.Select(r => (r.SchoolId, r.FirstName)));
    }

    [Fact]
    public async Task TheSettingIsTheSchoolsOwnAndChecked()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        var other = await gateway.SeedAsync("School 9", "Dias");
        using var schoolAdmin = await gateway.ClientForAsync("school-admin", bus.School.SchoolId);
        using var guard = await gateway.ClientForAsync("security-officer", bus.School.SchoolId);
        var path = $"/api/schools/{bus.School.SchoolId}/journeys/settings";

        var byDefault = await schoolAdmin.GetFromJsonAsync<SettingsDto>(path);
        var tooShort = await schoolAdmin.PutAsJsonAsync(path, new { alertAfterMinutes = 2 });
        var changed = await schoolAdmin.PutAsJsonAsync(path, new { alertAfterMinutes = 60 });

        Assert.Equal(new SettingsDto(bus.School.SchoolId, 45, true), byDefault);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("alertAfterMinutes", await tooShort.Content.ReadAsStringAsync());
        Assert.Equal(new SettingsDto(bus.School.SchoolId, 60, false), await changed.Content.ReadFromJsonAsync<SettingsDto>());
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PutAsJsonAsync(path, new { alertAfterMinutes = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await schoolAdmin.PutAsJsonAsync($"/api/schools/{other.SchoolId}/journeys/settings", new { alertAfterMinutes = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guard.GetAsync($"/api/schools/{other.SchoolId}/journeys/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guard.GetAsync($"/api/schools/{bus.School.SchoolId}/journeys/alerts")).StatusCode);
        Assert.Equal(1L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'journey-settings'"));
    }

    /// <summary>Moves the clock and waits for a check at the new time (the move sets one off).</summary>
    private static async Task AdvanceAndCheckAsync(TestGateway gateway, TimeSpan by)
    {
        var checker = gateway.Services.GetRequiredService<JourneyAlertChecker>();
        var target = gateway.Time.GetUtcNow() + by;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChecked(DateTimeOffset at, int raised)
        {
            if (at >= target)
            {
                done.TrySetResult();
            }
        }

        checker.Checked += OnChecked;
        try
        {
            gateway.Time.Advance(by);
            await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            checker.Checked -= OnChecked;
        }
    }

    private static async Task<AlertDto[]> AlertsAsync(TestGateway gateway, long schoolId, string status = "all") =>
        await gateway.GetAsync<AlertDto[]>($"/api/schools/{schoolId}/journeys/alerts?status={status}&date=2025-03-10");

    public sealed record AlertDto(long Id, long SchoolId, long StudentId, string FirstName, string Status, string? Route, string? Vehicle,
        DateTimeOffset BoardedAt, DateTimeOffset DueAt, DateTimeOffset? RaisedAt, DateTimeOffset? EnteredAt, DateTimeOffset? ClearedAt);

    public sealed record SettingsDto(long SchoolId, int AlertAfterMinutes, bool IsDefault);
}
