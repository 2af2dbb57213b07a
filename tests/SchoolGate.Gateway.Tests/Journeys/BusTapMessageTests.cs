using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests.Journeys;

/// <summary>Bus validators (SchoolGate firmware, real MQTT) -> journey events and the guardian's message.</summary>
public sealed class BusTapMessageTests
{
    [Fact]
    public async Task ABoardingTellsTheGuardianTheBusTheVehicleAndTheSchoolLocalTime()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        var boarded = gateway.Time.GetUtcNow();

        var ack = await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, boarded, fix: (429_000_000, 713_700_000));

        Assert.Equal(1, ack.Seq);
        var message = Assert.Single(await BusScenario.MessagesAsync(gateway, bus.GuardianId));
        Assert.Equal("Aruzhan boarded bus 12 (vehicle 045) at 07:52", message.Text);
        Assert.Equal("attendance", message.Priority);
        Assert.Equal("boarded", message.Kind);
        var stored = gateway.Store.Scalar<string>(
            "SELECT type || ' ' || route || ' ' || vehicle || ' ' || lat_e7 || ' ' || lon_e7 || ' ' || source FROM journey_events");
        Assert.Equal("boarded 12 045 429000000 713700000 device", stored);
        // The raw event keeps what the validator said too.
        Assert.Equal("12 045 429000000", gateway.Store.Scalar<string>("SELECT route || ' ' || vehicle || ' ' || lat_e7 FROM device_events"));
        Assert.Equal(1, (await gateway.MetricsAsync())["journeyEvents"]);
    }

    [Fact]
    public async Task AlightingTellsTheGuardianWhereTheChildGotOff()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        var boarded = gateway.Time.GetUtcNow();
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, boarded);
        gateway.Time.Advance(TimeSpan.FromMinutes(22));

        await validator.SendTapAsync(2, PassageTypes.Alighted, bus.School.CardId, gateway.Time.GetUtcNow());

        var messages = await BusScenario.MessagesAsync(gateway, bus.GuardianId);
        Assert.Equal(["Aruzhan boarded bus 12 (vehicle 045) at 07:52", "Aruzhan got off bus 12 at 08:14"], messages.Select(m => m.Text));
    }

    [Theory]
    [InlineData("ru", "Aruzhan: посадка в автобус №12 (борт 045) в 07:52")]
    [InlineData("kk", "Aruzhan: №12 автобусқа отырды (көлік 045), 07:52")]
    public async Task TheMessageIsInTheGuardiansLanguage(string language, string expected)
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway, language: language);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);

        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        Assert.Equal(expected, Assert.Single(await BusScenario.MessagesAsync(gateway, bus.GuardianId)).Text);
    }

    [Fact]
    public async Task AnEventWithoutAVehicleNamesTheVehicleItsValidatorIsLinkedTo()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);

        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow(), route: "12", vehicle: null);

        Assert.Equal("Aruzhan boarded bus 12 (vehicle 045) at 07:52", Assert.Single(await BusScenario.MessagesAsync(gateway, bus.GuardianId)).Text);
    }

    [Fact]
    public async Task AReSentEventTellsTheGuardianOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        var at = gateway.Time.GetUtcNow();

        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, at);
        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, at);

        Assert.Single(await BusScenario.MessagesAsync(gateway, bus.GuardianId));
        Assert.Equal(1L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_events"));
    }

    [Fact]
    public async Task AnOfflineBatchHoursLateGoesOnTheTimelineButTellsNobody()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);
        var boarded = gateway.Time.GetUtcNow();
        // The validator had no network all morning: its taps arrive 3 hours later.
        gateway.Time.Advance(TimeSpan.FromHours(3));

        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, boarded, offline: true);
        await validator.SendTapAsync(2, PassageTypes.Alighted, bus.School.CardId, boarded.AddMinutes(20), offline: true);

        Assert.Empty(await BusScenario.MessagesAsync(gateway, bus.GuardianId));
        var timeline = await gateway.GetAsync<TimelineDto>($"/api/students/{bus.School.StudentId}/timeline?date=2025-03-10");
        Assert.Equal(["boarded 07:52:00", "alighted 08:12:00"], timeline.Entries.Select(e => $"{e.Kind} {e.LocalTime}"));
        // Nor does it start the cross-rule: that morning is long over.
        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_alerts"));
    }

    [Fact]
    public async Task ATapOfARevokedCardIsKeptAsAnEventButIsNoJourney()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bus = await BusScenario.SeedAsync(gateway);
        await gateway.PostAsync<object>($"/api/cards/{bus.School.CardId}/revoke", new { });
        await using var validator = await gateway.ConnectAsync(bus.ValidatorId, bus.ValidatorSecret);

        await validator.SendTapAsync(1, PassageTypes.Boarded, bus.School.CardId, gateway.Time.GetUtcNow());

        Assert.Empty(await BusScenario.MessagesAsync(gateway, bus.GuardianId));
        Assert.Equal(1L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM device_events"));
        Assert.Equal(0L, gateway.Store.Scalar<long>("SELECT COUNT(*) FROM journey_events"));
    }

    public sealed record TimelineDto(long StudentId, string FirstName, string Date, string TimeZone, TimelineItemDto[] Entries);

    public sealed record TimelineItemDto(DateTimeOffset At, string LocalTime, string Kind, string Text, string? DeviceId, string? Route, string? Vehicle);
}
