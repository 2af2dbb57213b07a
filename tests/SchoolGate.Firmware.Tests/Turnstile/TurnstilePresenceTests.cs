using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>Online state, last will and heartbeats of a turnstile.</summary>
public class TurnstilePresenceTests
{
    [Fact]
    public void PublishesRetainedOnlineStateOnConnectAndOfflineAsLastWill()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", Firmware = "core-9.9" });

        lane.Controller.OnConnected();

        var state = Assert.Single(lane.Link.Messages);
        Assert.Equal("schoolgate/v1/devices/ts-01/state", state.Topic);
        Assert.True(state.Retain);
        Assert.Equal(
            ProtocolCodec.Encode(new DeviceState("ts-01", DeviceKinds.Turnstile, DeviceStatus.Online, "core-9.9", lane.Clock.UtcNowMs)),
            state.Payload);
        Assert.Equal(
            ProtocolCodec.Encode(new DeviceState("ts-01", DeviceKinds.Turnstile, DeviceStatus.Offline, "core-9.9", lane.Clock.UtcNowMs)),
            lane.Controller.LastWillPayload());
    }

    [Fact]
    public void SendsHeartbeatsWithTheJournalBacklog()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", HeartbeatEveryMs = 30_000 });
        lane.Controller.OnConnected();
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, false, Reasons.UnknownCard);

        lane.Wait(29_000);
        Assert.Empty(lane.Link.Decoded(Topics.Heartbeat, ProtocolJsonContext.Default.Heartbeat));
        lane.Wait(1_000);

        var heartbeat = Assert.Single(lane.Link.Decoded(Topics.Heartbeat, ProtocolJsonContext.Default.Heartbeat));
        Assert.Equal(new Heartbeat("ts-01", lane.Clock.UptimeMs / 1000, 1, lane.Clock.UtcNowMs), heartbeat);
    }
}
