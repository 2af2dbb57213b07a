using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>Cards, messages, storage faults and configs the lane must survive, count or refuse.</summary>
public class TurnstileBadInputTests
{
    [Fact]
    public void IgnoresCardsReadWhileBusy()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        lane.Reader.Present("05C3D4");
        lane.Controller.Loop();
        lane.Decide(request.RequestId, true, Reasons.Ok);
        lane.Reader.Present("06E5F6");
        lane.Pass();
        lane.Controller.Loop();

        Assert.Single(lane.Link.Requests);
        Assert.Equal(2, lane.Controller.IgnoredCards);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
    }

    [Fact]
    public void IgnoresCardIdsThatAreNotProtocolIds()
    {
        var lane = new Lane();
        lane.Reader.Present("bad/card");
        lane.Controller.Loop();

        Assert.Empty(lane.Link.Messages);
        Assert.Equal(1, lane.Controller.InvalidCards);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
    }

    [Fact]
    public void SurvivesMalformedMessages()
    {
        var lane = new Lane();
        var request = lane.Tap("04A1B2");
        var decisionTopic = lane.Controller.TopicFor(Topics.AccessDecision);
        var ackTopic = lane.Controller.TopicFor(Topics.EventAck);

        lane.Controller.OnMessage(decisionTopic, Encoding.UTF8.GetBytes("{\"requestId\":"));
        lane.Controller.OnMessage(decisionTopic, [0xFF, 0xFE, 0x00]);
        lane.Controller.OnMessage(decisionTopic, null!);
        lane.Controller.OnMessage(ackTopic, Encoding.UTF8.GetBytes("{\"seq\":\"all\"}"));
        lane.Controller.OnMessage(ackTopic, []);
        lane.Controller.OnMessage(lane.Controller.TopicFor("unknown/leaf"), Encoding.UTF8.GetBytes("{}"));
        lane.Controller.OnMessage(null!, Encoding.UTF8.GetBytes("{}"));

        Assert.Equal(5, lane.Controller.BadMessages);
        Assert.Equal(2, lane.Controller.IgnoredMessages);
        Assert.Equal(TurnstileState.AwaitingDecision, lane.Controller.State);

        lane.Decide(request.RequestId, true, Reasons.Ok);
        Assert.True(lane.Relay.IsOpen);
    }

    [Fact]
    public void CountsAStorageFaultWhileHandlingAMessageInsteadOfThrowing()
    {
        var storage = new FlakyStorage();
        var lane = new Lane(storage: storage);
        var request = lane.Tap("04A1B2");
        storage.Failing = true;

        lane.Decide(request.RequestId, false, Reasons.UnknownCard);

        Assert.Equal(1, lane.Controller.BadMessages);
    }

    [Fact]
    public void RejectsAConfigWithAnInvalidDeviceIdOrDirection()
    {
        Assert.Throws<ArgumentException>(() => new Lane(new TurnstileConfig { DeviceId = "ts/01" }));
        Assert.Throws<ArgumentException>(() => new Lane(new TurnstileConfig { DeviceId = "ts-01", Direction = "sideways" }));
    }

    [Fact]
    public void RecordsAPassWhoseJournalWriteFailedOnceTheFlashRecovers()
    {
        var storage = new FlakyStorage();
        var lane = new Lane(storage: storage);
        var request = lane.Tap("04A1B2");
        lane.Decide(request.RequestId, true, Reasons.Ok);

        storage.FailNextWrites = 1;
        lane.Rotation.Level = true;
        Assert.Throws<IOException>(() => lane.Controller.Loop());
        lane.Rotation.Level = false;
        lane.Controller.Loop();
        lane.Wait(lane.Config.DefaultOpenMs);

        Assert.False(lane.Relay.IsOpen);
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
        // Re-sent copies of seq 1 are fine (the gateway deduplicates); a second event is not.
        Assert.Equal([(PassageTypes.Entered, 1L)], lane.Link.Events.Select(e => (e.Type, e.Seq)).Distinct());
        Assert.Equal(1, lane.Controller.PendingEvents);
    }

    [Fact]
    public void KeepsRefusalsWhoseJournalWriteFailedInOrderUntilTheFlashRecovers()
    {
        var storage = new FlakyStorage();
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 10 }, storage);
        var first = lane.Tap("03F0F0");
        lane.Decide(first.RequestId, false, Reasons.UnknownCard);
        lane.Ack(1);
        lane.Wait(10);
        lane.Link.IsConnected = false;
        lane.Link.Clear();
        storage.Failing = true;

        lane.Reader.Present("04A1B2");
        AsTheHostDoes(lane.Controller.Loop);
        AsTheHostDoes(() => lane.Wait(10));
        lane.Reader.Present("05C3D4");
        AsTheHostDoes(lane.Controller.Loop);
        AsTheHostDoes(() => lane.Wait(10));
        storage.Failing = false;
        lane.Wait(10);
        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();

        Assert.Equal([("04A1B2", 2L), ("05C3D4", 3L)], lane.Link.Events.Select(e => (e.CardId, e.Seq)));
        Assert.Equal(TurnstileState.Idle, lane.Controller.State);
    }

    // The ESP32 loop logs a throwing step and runs the next one.
    private static void AsTheHostDoes(Action step)
    {
        try
        {
            step();
        }
        catch (IOException)
        {
        }
    }
}
