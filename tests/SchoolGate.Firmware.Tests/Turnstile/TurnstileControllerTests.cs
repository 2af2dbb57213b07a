using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>The lane from card to passage: gateway decisions, the open window, the rotation sensor, offline decisions.</summary>
public class TurnstileControllerTests
{
    [Fact]
    public void AllowsEntryAndJournalsEnteredWhenGatewayGrants()
    {
        var lane = new Lane();

        var request = lane.Tap("04A1B2");
        Assert.Equal(new AccessRequest("ts-01", request.RequestId, "04A1B2", "in", lane.Clock.UtcNowMs), request);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);
        Assert.False(lane.Relay.IsOpen);

        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        Assert.Equal(TurnstileState.Open, lane.Controller.State);
        Assert.True(lane.Relay.IsOpen);
        Assert.Equal(IndicatorSignal.Granted, lane.Indicator.Current);
        Assert.Empty(lane.Link.Events);

        lane.Pass();
        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
        Assert.Equal(IndicatorSignal.Idle, lane.Indicator.Current);
        var e = Assert.Single(lane.Link.Events);
        Assert.Equal(new PassageEvent("ts-01", 1, PassageTypes.Entered, "04A1B2", Reasons.Ok, false, lane.Clock.UtcNowMs), e);
        Assert.Equal(1, lane.Controller.PendingEvents);
    }

    [Fact]
    public void JournalsExitedOnAnOutLane()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-out", Direction = Directions.Out });

        var request = lane.Tap("04A1B2");
        Assert.Equal("out", request.Direction);
        lane.Decide(request.RequestId, true, Reasons.Ok);
        lane.Pass();

        Assert.Equal(PassageTypes.Exited, Assert.Single(lane.Link.Events).Type);
    }

    [Theory]
    [InlineData(3000, 7000, 3000)]
    [InlineData(0, 7000, 7000)]
    [InlineData(-5, 4000, 4000)]
    public void KeepsTheLaneOpenForTheGrantedOrDefaultWindowOnly(int grantedMs, int defaultMs, int expectedWindowMs)
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", DefaultOpenMs = defaultMs });
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, grantedMs);

        lane.Wait(expectedWindowMs - 1);
        Assert.True(lane.Relay.IsOpen);
        lane.Wait(1);
        Assert.False(lane.Relay.IsOpen);
    }

    [Fact]
    public void RecordsAbandonedWhenNobodyPasses()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);

        lane.Wait(3000);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
        var e = Assert.Single(lane.Link.Events);
        Assert.Equal(PassageTypes.Abandoned, e.Type);
        Assert.Equal("04A1B2", e.CardId);
    }

    [Fact]
    public void CountsARisingEdgeOnlyNotASensorStuckHigh()
    {
        var lane = new Lane();
        lane.Rotation.Level = true;
        lane.Controller.Loop();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);

        lane.Wait(100);
        Assert.True(lane.Relay.IsOpen);

        lane.Wait(3000);
        Assert.Equal(PassageTypes.Abandoned, Assert.Single(lane.Link.Events).Type);
    }

    [Fact]
    public void RefusesAndSignalsRedWhenGatewayDenies()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 1500 });
        var request = lane.Tap("04A1B2");

        lane.Decide(request.RequestId, false, Reasons.CardRevoked);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(0, lane.Relay.Openings);
        Assert.Equal(TurnstileState.Refused, lane.Controller.State);
        Assert.Equal(IndicatorSignal.Refused, lane.Indicator.Current);
        var e = Assert.Single(lane.Link.Events);
        Assert.Equal(new PassageEvent("ts-01", 1, PassageTypes.Refused, "04A1B2", Reasons.CardRevoked, false, lane.Clock.UtcNowMs), e);

        lane.Wait(1499);
        Assert.Equal(IndicatorSignal.Refused, lane.Indicator.Current);
        lane.Wait(1);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
        Assert.Equal(IndicatorSignal.Idle, lane.Indicator.Current);
    }

    [Fact]
    public void KeepsTheTextOfTheLastDecisionForTheLaneDisplayAndNoneForAnOfflineDecision()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2");
        Assert.Null(lane.Controller.LaneText);

        var refused = lane.Tap("04A1B2");
        lane.Decide(refused.RequestId, false, Reasons.AntiPassback, 0, "Already inside - see security");
        Assert.Equal("Already inside - see security", lane.Controller.LaneText);
        Assert.Equal(Reasons.AntiPassback, Assert.Single(lane.Link.Events).Reason);

        lane.Wait(5000);
        lane.Tap("04A1B2");
        lane.Wait(800);
        Assert.True(lane.Relay.IsOpen);
        Assert.Null(lane.Controller.LaneText);
    }

    [Fact]
    public void DecidesFromOfflineListWhenGatewayIsSilent()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2", "05C3D4");

        var known = lane.Tap("04A1B2");
        lane.Wait(799);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);
        lane.Wait(1);
        Assert.True(lane.Relay.IsOpen);
        lane.Pass();

        lane.Tap("99FFFF");
        lane.Wait(800);
        Assert.Equal(TurnstileState.Refused, lane.Controller.State);
        Assert.Equal(1, lane.Relay.Openings);

        var events = lane.Link.Events;
        Assert.Equal(2, events.Count);
        Assert.Equal((PassageTypes.Entered, Reasons.OfflineList, true), (events[0].Type, events[0].Reason, events[0].Offline));
        Assert.Equal((PassageTypes.Refused, Reasons.NotInOfflineList, true), (events[1].Type, events[1].Reason, events[1].Offline));
        Assert.Equal(known.CardId, events[0].CardId);
    }

    [Fact]
    public void DecidesOfflineAtOnceWhenTheLinkIsDown()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2");
        lane.Link.IsConnected = false;
        lane.Controller.Loop();
        Assert.Equal(IndicatorSignal.Offline, lane.Indicator.Current);

        lane.Reader.Present("04A1B2");
        lane.Controller.Loop();

        Assert.True(lane.Relay.IsOpen);
        Assert.Empty(lane.Link.Messages);
    }

    [Fact]
    public void IgnoresLateDecision()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Wait(800);
        Assert.Equal(TurnstileState.Refused, lane.Controller.State);

        lane.Decide(request.RequestId, true, Reasons.Ok);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(1, lane.Controller.LateDecisions);
        lane.Wait(1500);

        // A decision for an older request must not answer the new one.
        var second = lane.Tap("04A1B2");
        Assert.True(second.RequestId > request.RequestId);
        lane.Decide(request.RequestId, true, Reasons.Ok);
        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);
        Assert.Equal(2, lane.Controller.LateDecisions);
    }

    [Fact]
    public void WritesTheIndicatorOnlyWhenTheSignalChanges()
    {
        var lane = new Lane();
        lane.Wait(10);
        lane.Wait(10);

        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        lane.Wait(10);
        lane.Pass();
        lane.Wait(10);

        Assert.Equal([IndicatorSignal.Idle, IndicatorSignal.Granted, IndicatorSignal.Idle], lane.Indicator.Shown);
    }

    [Fact]
    public void BootsWithTheRelayLocked()
    {
        // The fake relay powers up released: only the controller's own Close locks it.
        var lane = new Lane();

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(IndicatorSignal.Idle, lane.Indicator.Current);
    }
}
