using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Turnstile;

/// <summary>"Nothing is lost": how a lane's events reach the gateway through outages and reboots.</summary>
public class JournalDeliveryTests
{
    [Fact]
    public void DropsJournalEntriesOnlyAfterAck()
    {
        var lane = new Lane();
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        Refuse(lane, "06E5F6");
        Assert.Equal(3, lane.Controller.PendingEvents);
        Assert.Equal([1L, 2L, 3L], lane.Link.Events.Select(e => e.Seq));

        lane.Ack(2);
        Assert.Equal(1, lane.Controller.PendingEvents);
        Assert.Equal(2, lane.Controller.LastAckedSeq);
        Assert.Null(lane.Storage.Read(EventJournal.EntryKey(1)));
        Assert.Null(lane.Storage.Read(EventJournal.EntryKey(2)));
        Assert.NotNull(lane.Storage.Read(EventJournal.EntryKey(3)));

        lane.Ack(1);
        Assert.Equal(2, lane.Controller.LastAckedSeq);

        lane.Ack(3);
        Assert.Equal(0, lane.Controller.PendingEvents);
        Assert.Null(lane.Storage.Read(EventJournal.EntryKey(3)));
    }

    [Fact]
    public void NumbersNewEventsPastAnAckFromAnEarlierLifeOfTheDeviceId()
    {
        // A replaced or wiped device restarts at seq 1; the gateway, which stored seqs up to 1000
        // from the old one, acks 1000. Seqs 2..1000 would all be deduplicated away as repeats.
        var lane = new Lane();
        Refuse(lane, "04A1B2");

        lane.Ack(1_000);

        Assert.Equal(1_000, lane.Controller.LastAckedSeq);
        Assert.Equal(0, lane.Controller.PendingEvents);
        Refuse(lane, "05C3D4");
        Assert.Equal(1_001, lane.Link.Events[^1].Seq);
        var rebooted = lane.Reboot();
        Refuse(rebooted, "06E5F6");
        Assert.Equal(1_002, rebooted.Link.Events[^1].Seq);
    }

    [Fact]
    public void RefusesNewEventsRatherThanWrapTheSeqPastLongMaxValue()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 1 });
        Refuse(lane, "04A1B2");
        lane.Ack(long.MaxValue);
        lane.Link.Clear();

        Refuse(lane, "05C3D4");

        Assert.Empty(lane.Link.Events);
        Assert.Equal(1, lane.Controller.LostEvents);
        Assert.Equal(long.MaxValue, lane.Controller.LastAckedSeq);
    }

    [Fact]
    public void StoresEachEventBeforePublishingIt()
    {
        var lane = new Lane();
        lane.Link.IsConnected = false;

        Refuse(lane, "04A1B2");

        Assert.Empty(lane.Link.Messages);
        var stored = lane.Storage.Read(EventJournal.EntryKey(1));
        Assert.NotNull(stored);
        Assert.True(ProtocolCodec.TryDecode(stored, ProtocolJsonContext.Default.PassageEvent, out var e, out _));
        Assert.Equal(PassageTypes.Refused, e.Type);
    }

    [Fact]
    public void ResendsUnacknowledgedEventsAfterReconnect()
    {
        var lane = new Lane();
        lane.Link.IsConnected = false;
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        Assert.Empty(lane.Link.Messages);

        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();

        Assert.Equal([1L, 2L], lane.Link.Events.Select(e => e.Seq));
        Assert.Equal(["04A1B2", "05C3D4"], lane.Link.Events.Select(e => e.CardId));
    }

    [Fact]
    public void ResendsUnacknowledgedEventsAfterTheResendInterval()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", ResendAfterMs = 5000, RefusedSignalMs = 100 });
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        lane.Ack(1);
        lane.Link.Clear();

        lane.Wait(4999);
        Assert.Empty(lane.Link.Events);
        lane.Wait(1);

        Assert.Equal([2L], lane.Link.Events.Select(e => e.Seq));
        Assert.Equal(1, lane.Controller.ResentEvents);
    }

    [Fact]
    public void ResendsALongBacklogInBoundedBatches()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 1 });
        lane.Link.IsConnected = false;
        for (var i = 0; i < JournalPublisher.MaxInFlight; i++)
        {
            Refuse(lane, "card" + i);
        }

        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();
        Assert.Equal(JournalPublisher.ResendBatch, lane.Link.Events.Count);
        lane.Controller.Loop();
        lane.Controller.Loop();

        Assert.Equal(Enumerable.Range(1, JournalPublisher.MaxInFlight).Select(i => (long)i), lane.Link.Events.Select(e => e.Seq));
    }

    [Fact]
    public void RetriesLaterWhenTheClientRefusesAResend()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", ResendAfterMs = 5000 });
        lane.Link.IsConnected = false;
        Refuse(lane, "04A1B2");
        lane.Link.IsConnected = true;
        lane.Link.Accepts = false;

        lane.Controller.OnConnected();
        lane.Link.Accepts = true;
        lane.Wait(4999);
        Assert.Empty(lane.Link.Events);
        lane.Wait(1);

        Assert.Equal(1, Assert.Single(lane.Link.Events).Seq);
    }

    [Fact]
    public void RestoresSeqAndPendingEventsAfterReboot()
    {
        var lane = new Lane();
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        Refuse(lane, "06E5F6");
        lane.Ack(1);

        var rebooted = lane.Reboot();
        Assert.Equal(2, rebooted.Controller.PendingEvents);
        Assert.Equal(1, rebooted.Controller.LastAckedSeq);

        rebooted.Controller.OnConnected();
        Assert.Equal([2L, 3L], rebooted.Link.Events.Select(e => e.Seq));

        Refuse(rebooted, "07A7A7");
        Assert.Equal(4, rebooted.Link.Events[^1].Seq);
    }

    [Fact]
    public void NeverReusesASeqAfterEverythingWasAcknowledgedAndTheLaneRebooted()
    {
        var lane = new Lane();
        Refuse(lane, "04A1B2");
        lane.Ack(1);

        var rebooted = lane.Reboot();
        Refuse(rebooted, "05C3D4");

        Assert.Equal(2, rebooted.Link.Events.Single().Seq);
    }

    [Fact]
    public void NeverReusesARequestIdAfterReboot()
    {
        var lane = new Lane();
        var before = lane.Tap("04A1B2").RequestId;

        var after = lane.Reboot().Tap("04A1B2").RequestId;

        Assert.True(after > before);
    }

    [Fact]
    public void RestoresTheOfflineListAfterReboot()
    {
        var lane = new Lane();
        lane.SendList(1, "04A1B2");
        var rebooted = lane.Reboot();
        rebooted.Link.IsConnected = false;

        rebooted.Reader.Present("04A1B2");
        rebooted.Controller.Loop();

        Assert.True(rebooted.Relay.IsOpen);
    }

    [Fact]
    public void RefusesToJournalWhenFullAndCountsTheLoss()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", JournalCapacity = 2, RefusedSignalMs = 1 });
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        Refuse(lane, "06E5F6");

        Assert.Equal(2, lane.Controller.PendingEvents);
        Assert.Equal(1, lane.Controller.LostEvents);
        Assert.Equal(["04A1B2", "05C3D4"], lane.Link.Events.Select(e => e.CardId));

        lane.Ack(2);
        Refuse(lane, "07A7A7");
        Assert.Equal(3, lane.Link.Events[^1].Seq);
    }

    [Fact]
    public void ResendsAFullJournalAfterHoursOfflineAtMostOneBatchPerLoopAsAcksArrive()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 1 });
        lane.Link.IsConnected = false;
        for (var i = 0; i < lane.Config.JournalCapacity; i++)
        {
            Refuse(lane, "card" + i);
        }

        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();
        var perCall = new List<int> { lane.Link.Events.Count };
        var mostUnacked = lane.Link.Events.Count;
        for (var call = 0; lane.Link.Events.Count < lane.Config.JournalCapacity; call++)
        {
            Assert.True(call < 10_000, "the backlog stopped moving although every event was acknowledged");
            // The gateway acknowledges everything it received so far, as it does after its commit.
            lane.Ack(lane.Link.Events[^1].Seq);
            var before = lane.Link.Events.Count;
            lane.Controller.Loop();
            perCall.Add(lane.Link.Events.Count - before);
            mostUnacked = Math.Max(mostUnacked, lane.Link.Events.Count - before);
        }

        Assert.All(perCall, n => Assert.InRange(n, 1, JournalPublisher.ResendBatch));
        Assert.InRange(mostUnacked, 1, JournalPublisher.MaxInFlight);
        Assert.Equal(Enumerable.Range(1, lane.Config.JournalCapacity).Select(i => (long)i), lane.Link.Events.Select(e => e.Seq));
    }

    [Fact]
    public void HandsTheLinkNoMoreThanTheInFlightWindowUntilTheGatewayAcknowledges()
    {
        var lane = new Lane(new TurnstileConfig { DeviceId = "ts-01", RefusedSignalMs = 1 });
        lane.Link.IsConnected = false;
        for (var i = 0; i < 200; i++)
        {
            Refuse(lane, "card" + i);
        }

        lane.Link.IsConnected = true;
        lane.Controller.OnConnected();
        for (var call = 0; call < 50; call++)
        {
            lane.Controller.Loop();
        }

        // M2Mqtt would hold every unacknowledged QoS 1 publish in RAM: the window caps it.
        Assert.Equal(Enumerable.Range(1, JournalPublisher.MaxInFlight).Select(i => (long)i), lane.Link.Events.Select(e => e.Seq));

        lane.Ack(10);
        for (var call = 0; call < 50; call++)
        {
            lane.Controller.Loop();
        }

        Assert.Equal(JournalPublisher.MaxInFlight + 10, lane.Link.Events.Count);
        Assert.Equal(10 + JournalPublisher.MaxInFlight, lane.Link.Events[^1].Seq);
    }

    [Fact]
    public void ResendsTheRestWhenAJournalEntryIsMissingAfterReboot()
    {
        var lane = new Lane();
        lane.Link.IsConnected = false;
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        Refuse(lane, "06E5F6");
        lane.Storage.Delete(EventJournal.EntryKey(2));

        var rebooted = lane.Reboot();
        rebooted.Controller.OnConnected();

        Assert.Equal([1L, 3L], rebooted.Link.Events.Select(e => e.Seq));
        rebooted.Ack(3);
        Assert.Equal(0, rebooted.Controller.PendingEvents);
    }

    [Fact]
    public void IgnoresAcksThatGoBackwardsOrBelowZero()
    {
        var lane = new Lane();
        Refuse(lane, "04A1B2");
        Refuse(lane, "05C3D4");
        lane.Ack(1);

        lane.Ack(0);
        lane.Ack(-5);
        lane.Ack(long.MinValue);

        Assert.Equal(1, lane.Controller.LastAckedSeq);
        Assert.Equal(1, lane.Controller.PendingEvents);
        Assert.NotNull(lane.Storage.Read(EventJournal.EntryKey(2)));
    }

    // One refused tap, online (the gateway denies) or offline (the card is not on the list),
    // then the red light runs out so the lane takes the next card.
    private static void Refuse(Lane lane, string card)
    {
        if (lane.Link.IsConnected)
        {
            var request = lane.Tap(card);
            lane.Decide(request.RequestId, false, Reasons.UnknownCard);
        }
        else
        {
            lane.Reader.Present(card);
            lane.Controller.Loop();
        }

        lane.Wait(lane.Config.RefusedSignalMs);
    }
}
