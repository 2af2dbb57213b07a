using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Turnstile;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>A turnstile controller wired to fake hardware, with gateway-side helpers.</summary>
public sealed class Lane
{
    /// <param name="fingerprints">The lane's fingerprint module; null for a card-only lane.</param>
    public Lane(TurnstileConfig? config = null, IStorage? storage = null, FakeClock? clock = null, bool rotationHighAtBoot = false,
        FakeFingerprintModule? fingerprints = null)
    {
        Fingerprints = fingerprints;
        Rotation.Level = rotationHighAtBoot;
        Config = config ?? new TurnstileConfig { DeviceId = "ts-01" };
        Storage = storage ?? new MemoryStorage();
        Clock = clock ?? new FakeClock();
        Controller = fingerprints is null
            ? new TurnstileController(Config, Relay, Rotation, Reader, Indicator, Clock, Storage, Link)
            : new TurnstileController(Config, Relay, Rotation, Reader, fingerprints, Indicator, Clock, Storage, Link);
    }

    public TurnstileConfig Config { get; }
    public FakeRelay Relay { get; } = new();
    public FakeInput Rotation { get; } = new();
    public FakeCardReader Reader { get; } = new();
    public FakeIndicator Indicator { get; } = new();
    public FakeFingerprintModule? Fingerprints { get; }
    public FakeClock Clock { get; }
    public IStorage Storage { get; }
    public FakeLink Link { get; } = new();
    public TurnstileController Controller { get; }

    /// <summary>Presents a card and runs one loop: the lane publishes its access request.</summary>
    public AccessRequest Tap(string cardId)
    {
        Reader.Present(cardId);
        Controller.Loop();
        return Link.Requests[^1];
    }

    public void Decide(long requestId, bool allow, string reason, int openMs = 0, string? text = null) =>
        Controller.OnMessage(Controller.TopicFor(Topics.AccessDecision),
            ProtocolCodec.Encode(new AccessDecision(requestId, allow, reason, openMs, text)));

    public void Ack(long seq) =>
        Controller.OnMessage(Controller.TopicFor(Topics.EventAck), ProtocolCodec.Encode(new EventAck(seq)));

    /// <summary>
    /// The gateway's retained offline access list arrives, encoded by device-sdk in the canonical
    /// order the gateway publishes (AccessLists.Normalize), and the lane loops until it is applied.
    /// </summary>
    public void SendList(long version, params string[] cards) =>
        SendListPayload(ProtocolCodec.Encode(new AccessList(version, AccessLists.Normalize(cards))));

    /// <summary>Any payload on access/list, then the loop steps that check and apply it.</summary>
    public void SendListPayload(byte[] payload)
    {
        Controller.OnMessage(Controller.TopicFor(Topics.AccessList), payload);
        for (var step = 0; Controller.OfflineListSync.Applying; step++)
        {
            Assert.True(step < 10_000, "the list never finished applying");
            Controller.Loop();
        }
    }

    /// <summary>
    /// A card tapped while the gateway is silent: the budget runs out, the lane decides from its
    /// offline list, the child walks through if it opened. Returns the journaled event.
    /// </summary>
    public PassageEvent TapUnanswered(string cardId)
    {
        Tap(cardId);
        Wait(Config.DecisionBudgetMs);
        if (Relay.IsOpen)
        {
            Pass();
        }
        else
        {
            Wait(Config.RefusedSignalMs);
        }

        return Link.Events[^1];
    }

    /// <summary>The arm turns past the index: the sensor pulses high, then low.</summary>
    public void Pass()
    {
        Rotation.Level = true;
        Controller.Loop();
        Rotation.Level = false;
        Controller.Loop();
    }

    public void Wait(long ms)
    {
        Clock.Advance(ms);
        Controller.Loop();
    }

    /// <summary>A lane that boots on the same flash: a reboot.</summary>
    public Lane Reboot() => new(Config, Storage, Clock, fingerprints: Fingerprints);
}
