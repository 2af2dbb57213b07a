using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.BusValidator;

public class BusValidatorControllerTests
{
    [Fact]
    public void ATapIsABoardedEventWithRouteVehicleAndTheGpsFix()
    {
        var bus = new Validator();
        bus.Position!.Fix(432_380_000, 768_829_000);

        bus.Board("04A1B2C3");

        var e = Assert.Single(bus.Link.Events);
        Assert.Equal(new PassageEvent("bv-01", 1, PassageTypes.Boarded, "04A1B2C3", Reasons.Ok, false, bus.Clock.UtcNowMs,
            "12", "045", true, 432_380_000, 768_829_000), e);
        Assert.Equal(1, bus.Controller.PendingEvents);
        Assert.Equal(1, bus.Controller.TapsWithFix);
    }

    [Fact]
    public void EveryTapShowsTheGreenLightAndItGoesOutAfterTheSignalTime()
    {
        var bus = new Validator();

        bus.Board("04A1B2C3");
        Assert.Equal(IndicatorSignal.Granted, bus.Indicator.Current);
        bus.Clock.Advance(bus.Config.AcceptSignalMs - 1);
        bus.Controller.Loop();
        Assert.Equal(IndicatorSignal.Granted, bus.Indicator.Current);
        bus.Clock.Advance(1);
        bus.Controller.Loop();

        Assert.Equal(IndicatorSignal.Idle, bus.Indicator.Current);
    }

    [Fact]
    public void WithoutAFixTheEventCarriesNoPositionAtAll()
    {
        var bus = new Validator();
        bus.Position!.HasFix = false;
        bus.Position.LatE7 = 432_380_000;
        bus.Position.LonE7 = 768_829_000;

        bus.Board("04A1B2C3");

        var payload = bus.Link.Messages.Single(m => m.Topic.EndsWith("/events", StringComparison.Ordinal)).Text;
        Assert.DoesNotContain("hasFix", payload);
        Assert.DoesNotContain("latE7", payload);
        Assert.DoesNotContain("lonE7", payload);
        Assert.Contains("\"route\":\"12\"", payload);
        Assert.Equal(0, bus.Controller.TapsWithFix);
    }

    [Fact]
    public void AFixThatStoppedUpdatingIsNotReportedAsThePosition()
    {
        var bus = new Validator();
        bus.Position!.Fix(432_380_000, 768_829_000, ageMs: bus.Config.MaxFixAgeMs + 1);

        bus.Board("04A1B2C3");

        var e = Assert.Single(bus.Link.Events);
        Assert.False(e.HasFix);
        Assert.Equal(0, e.LatE7);
    }

    [Fact]
    public void AValidatorWithoutAGpsReceiverSendsTapsWithoutPosition()
    {
        var bus = new Validator(withGps: false);

        bus.Board("04A1B2C3");

        var e = Assert.Single(bus.Link.Events);
        Assert.False(e.HasFix);
        Assert.Equal("12", e.Route);
    }

    [Fact]
    public void TheExitReaderGivesAlightedEventsWhenTapOffIsOn()
    {
        var bus = new Validator(new BusValidatorConfig { DeviceId = "bv-01", Route = "12", Vehicle = "045", TapOff = true });

        bus.Board("04A1B2C3");
        bus.Ack(1);
        bus.Clock.Advance(20 * 60_000);
        bus.Alight("04A1B2C3");

        Assert.Equal([PassageTypes.Boarded, PassageTypes.Alighted], bus.Link.Events.Select(e => e.Type));
        Assert.Equal([1L, 2L], bus.Link.Events.Select(e => e.Seq));
    }

    [Fact]
    public void WithoutTapOffTheExitReaderIsNotRead()
    {
        var bus = new Validator();

        bus.Alight("04A1B2C3");

        Assert.Empty(bus.Link.Events);
    }

    [Fact]
    public void TapOffWithoutAnExitReaderIsRefusedAtConstruction()
    {
        var config = new BusValidatorConfig { DeviceId = "bv-01", TapOff = true };

        Assert.Throws<ArgumentNullException>(() => new BusValidatorController(config, new FakeCardReader(), null,
            new FakeIndicator(), null, new FakeClock(), new MemoryStorage(), new FakeLink()));
    }

    [Fact]
    public void ASecondTapOfTheSameCardWithinTheWindowIsSignalledButNotJournaled()
    {
        var bus = new Validator();

        bus.Board("04A1B2C3");
        bus.Clock.Advance(1_000);
        bus.Board("05D4E5F6");
        bus.Clock.Advance(1_000);
        bus.Board("04A1B2C3");

        Assert.Equal(["04A1B2C3", "05D4E5F6"], bus.Link.Events.Select(e => e.CardId));
        Assert.Equal(1, bus.Controller.DuplicateTaps);
        Assert.Equal(IndicatorSignal.Granted, bus.Indicator.Current);
    }

    [Fact]
    public void TheSameCardAfterTheWindowIsANewTap()
    {
        var bus = new Validator();

        bus.Board("04A1B2C3");
        bus.Clock.Advance(bus.Config.DedupeWindowMs);
        bus.Board("04A1B2C3");

        Assert.Equal(2, bus.Link.Events.Count);
        Assert.Equal(0, bus.Controller.DuplicateTaps);
    }

    [Fact]
    public void BoardingAndAlightingAreDedupedApart()
    {
        var bus = new Validator(new BusValidatorConfig { DeviceId = "bv-01", TapOff = true });

        bus.Board("04A1B2C3");
        bus.Alight("04A1B2C3");

        Assert.Equal([PassageTypes.Boarded, PassageTypes.Alighted], bus.Link.Events.Select(e => e.Type));
    }

    [Fact]
    public void ATapWhileTheLinkIsDownIsJournaledMarkedOfflineAndSentOnReconnect()
    {
        var bus = new Validator();
        bus.Link.IsConnected = false;

        bus.Board("04A1B2C3");
        Assert.Empty(bus.Link.Messages);
        Assert.Equal(1, bus.Controller.PendingEvents);

        bus.Link.IsConnected = true;
        bus.Controller.OnConnected();

        var e = Assert.Single(bus.Link.Events);
        Assert.True(e.Offline);
        Assert.Equal(PassageTypes.Boarded, e.Type);
    }

    [Fact]
    public void TheIndicatorShowsOfflineWhileTheLinkIsDownAndTapsAreStillAccepted()
    {
        var bus = new Validator();
        bus.Link.IsConnected = false;
        bus.Controller.Loop();
        Assert.Equal(IndicatorSignal.Offline, bus.Indicator.Current);

        bus.Board("04A1B2C3");

        Assert.Equal(IndicatorSignal.Granted, bus.Indicator.Current);
    }

    [Fact]
    public void ARouteChangeAppliesToTheNextTaps()
    {
        var bus = new Validator();
        bus.Board("04A1B2C3");

        Assert.True(bus.Controller.ChangeRoute("7A", "046"));
        bus.Board("05D4E5F6");

        Assert.Equal([("12", "045"), ("7A", "046")], bus.Link.Events.Select(e => (e.Route, e.Vehicle)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("route 12")]
    [InlineData("12/A")]
    [InlineData("маршрут")]
    public void ARouteOutsideTheProtocolAlphabetIsRefusedAndTheOldOneKept(string route)
    {
        var bus = new Validator();

        Assert.False(bus.Controller.ChangeRoute(route, "045"));
        Assert.Equal("12", bus.Controller.Route);
        Assert.Throws<ArgumentException>(() => new Validator(new BusValidatorConfig { DeviceId = "bv-01", Route = route }));
    }

    [Fact]
    public void CardIdsOutsideTheProtocolAlphabetAreCountedNotJournaled()
    {
        var bus = new Validator();

        bus.Board("04 A1");

        Assert.Empty(bus.Link.Events);
        Assert.Equal(1, bus.Controller.InvalidCards);
    }

    [Fact]
    public void AnnouncesItselfAsABusValidatorAndNeverAsksForAccess()
    {
        var bus = new Validator();

        bus.Controller.OnConnected();
        bus.Board("04A1B2C3");

        var state = Assert.Single(bus.Link.Decoded(Topics.State, ProtocolJsonContext.Default.DeviceState));
        Assert.Equal(DeviceKinds.BusValidator, state.Kind);
        Assert.Equal(DeviceStatus.Online, state.Status);
        Assert.Empty(bus.Link.Requests);
        Assert.True(ProtocolCodec.TryDecode(bus.Controller.LastWillPayload(), ProtocolJsonContext.Default.DeviceState, out var will, out _));
        Assert.Equal(DeviceKinds.BusValidator, will!.Kind);
    }

    [Fact]
    public void SendsHeartbeatsWithTheBacklog()
    {
        var bus = new Validator();
        bus.Board("04A1B2C3");

        bus.Clock.Advance(bus.Config.HeartbeatEveryMs);
        bus.Controller.Loop();

        var heartbeat = Assert.Single(bus.Link.Decoded(Topics.Heartbeat, ProtocolJsonContext.Default.Heartbeat));
        Assert.Equal(1, heartbeat.Pending);
    }

    [Theory]
    [InlineData("access/decision", """{"requestId":1,"allow":true,"reason":"ok","openMs":5000}""")]
    [InlineData("access/list", """{"version":1,"cards":["04A1B2C3"]}""")]
    public void TurnstileMessagesAreIgnoredAndCounted(string leaf, string json)
    {
        var bus = new Validator();

        bus.Controller.OnMessage(bus.Controller.TopicFor(leaf), System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, bus.Controller.IgnoredMessages);
        Assert.Equal(0, bus.Controller.BadMessages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"seq":"1"}""")]
    [InlineData("""{"seq":1.5}""")]
    public void MalformedAcksAreCountedAndChangeNothing(string json)
    {
        var bus = new Validator();
        bus.Board("04A1B2C3");

        bus.Controller.OnMessage(bus.Controller.TopicFor(Topics.EventAck), System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, bus.Controller.BadMessages);
        Assert.Equal(1, bus.Controller.PendingEvents);
    }
}
