using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>
/// The lane at its edges: a sensor stuck high, answers that come twice or too late, a link that
/// drops mid-question, an uptime counter about to wrap, and a loop that stalls (a long GC pause).
/// </summary>
public class TurnstileEdgeCaseTests
{
    [Fact]
    public void DoesNotCountASensorStuckHighAtBootAsAPass()
    {
        var lane = new Lane(storage: null, clock: null, rotationHighAtBoot: true);

        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        lane.Wait(2999);
        Assert.True(lane.Relay.IsOpen);
        lane.Wait(1);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(PassageTypes.Abandoned, Assert.Single(lane.Link.Events).Type);
    }

    [Fact]
    public void CountsOnlyTheEdgeAfterTheLaneOpenedWhenTheSensorWentHighWhileWaiting()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Rotation.Level = true;
        lane.Controller.Loop();

        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        lane.Wait(10);
        Assert.True(lane.Relay.IsOpen);
        lane.Rotation.Level = false;
        lane.Wait(10);
        lane.Pass();

        Assert.Equal(PassageTypes.Entered, Assert.Single(lane.Link.Events).Type);
    }

    [Fact]
    public void IgnoresASecondDecisionWhileOpenAndWhileRefused()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        lane.Decide(request.RequestId, true, Reasons.Ok, 60_000);
        lane.Decide(request.RequestId, false, Reasons.CardRevoked);
        Assert.Equal(TurnstileState.Open, lane.Controller.State);
        lane.Wait(3000);
        Assert.False(lane.Relay.IsOpen);

        var second = lane.Tap("05C3D4");
        lane.Decide(second.RequestId, false, Reasons.UnknownCard);
        lane.Decide(second.RequestId, true, Reasons.Ok);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(1, lane.Relay.Openings);
        Assert.Equal(3, lane.Controller.LateDecisions);
        Assert.Equal([PassageTypes.Abandoned, PassageTypes.Refused], lane.Link.Events.Select(e => e.Type));
    }

    [Fact]
    public void DecidesFromTheOfflineListWhenTheLinkDropsWhileAwaitingADecision()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2");
        lane.Tap("04A1B2");
        lane.Link.IsConnected = false;

        lane.Wait(lane.Config.DecisionBudgetMs - 1);
        Assert.False(lane.Relay.IsOpen);
        lane.Wait(1);
        Assert.True(lane.Relay.IsOpen);
        lane.Pass();

        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();
        var e = Assert.Single(lane.Link.Events);
        Assert.Equal((PassageTypes.Entered, Reasons.OfflineList, true), (e.Type, e.Reason, e.Offline));
    }

    [Fact]
    public void RefusesAnUnknownCardWhenTheLinkDropsWhileAwaitingADecision()
    {
        var lane = new Lane();
        lane.Tap("04A1B2");
        lane.Link.IsConnected = false;

        lane.Wait(lane.Config.DecisionBudgetMs);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(0, lane.Relay.Openings);
        Assert.Equal(TurnstileState.Refused, lane.Controller.State);
    }

    [Theory]
    [InlineData(long.MaxValue - 100)]
    [InlineData(-1)]
    public void KeepsEveryTimeoutWhenTheUptimeCounterWraps(long uptimeMs)
    {
        var clock = new FakeClock { UptimeMs = uptimeMs };
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", ResendAfterMs = 5000 }, clock: clock);

        var request = lane.Tap("04A1B2");
        lane.Wait(799);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);
        lane.Wait(2999);
        Assert.True(lane.Relay.IsOpen);
        lane.Wait(1);
        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(PassageTypes.Abandoned, Assert.Single(lane.Link.Events).Type);

        lane.Wait(4999);
        Assert.Single(lane.Link.Events);
        lane.Wait(1);
        Assert.Equal(2, lane.Link.Events.Count);
    }

    [Fact]
    public void ClosesAtOnceAndRecordsOnePassWhenTheLoopStallsPastTheWindow()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);

        // The arm turned during a 60 s pause and is still at the index when the loop resumes.
        lane.Rotation.Level = true;
        lane.Wait(60_000);
        Assert.False(lane.Relay.IsOpen);
        lane.Rotation.Level = false;
        lane.Wait(10);
        lane.Rotation.Level = true;
        lane.Wait(10);

        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
        Assert.Equal(PassageTypes.Entered, Assert.Single(lane.Link.Events).Type);
    }

    [Fact]
    public void ClosesAtOnceAsAbandonedWhenTheLoopStallsPastTheWindowWithoutAPass()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok, 3000);

        lane.Wait(60_000);

        Assert.False(lane.Relay.IsOpen);
        lane.Rotation.Level = true;
        lane.Wait(10);
        Assert.Equal(PassageTypes.Abandoned, Assert.Single(lane.Link.Events).Type);
    }

    [Fact]
    public void DecidesOfflineOnceWhenTheLoopStallsPastTheBudgetWithNoDecisionQueued()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");

        lane.Wait(60_000);
        lane.Decide(request.RequestId, true, Reasons.Ok);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(1, lane.Controller.LateDecisions);
        Assert.Equal(Reasons.NotInOfflineList, Assert.Single(lane.Link.Events).Reason);
    }
}
