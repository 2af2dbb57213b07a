using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>A bus validator controller wired to fake hardware, with gateway-side helpers.</summary>
public sealed class Validator
{
    public Validator(BusValidatorConfig? config = null, IStorage? storage = null, FakeClock? clock = null, bool withGps = true,
        FakePosition? position = null)
    {
        Config = config ?? new BusValidatorConfig { DeviceId = "bv-01", Route = "12", Vehicle = "045" };
        Storage = storage ?? new MemoryStorage();
        Clock = clock ?? new FakeClock();
        Position = withGps ? position ?? new FakePosition() : null;
        Controller = new BusValidatorController(Config, Boarding, Alighting, Indicator, Position, Clock, Storage, Link);
    }

    public BusValidatorConfig Config { get; }
    public FakeCardReader Boarding { get; } = new();
    public FakeCardReader Alighting { get; } = new();
    public FakeIndicator Indicator { get; } = new();
    public FakePosition? Position { get; }
    public FakeClock Clock { get; }
    public IStorage Storage { get; }
    public FakeLink Link { get; } = new();
    public BusValidatorController Controller { get; }

    /// <summary>A card on the boarding reader, then one loop step.</summary>
    public void Board(string cardId)
    {
        Boarding.Present(cardId);
        Controller.Loop();
    }

    /// <summary>A card on the exit door's reader, then one loop step.</summary>
    public void Alight(string cardId)
    {
        Alighting.Present(cardId);
        Controller.Loop();
    }

    public void Ack(long seq) =>
        Controller.OnMessage(Controller.TopicFor(Topics.EventAck), ProtocolCodec.Encode(new EventAck(seq)));

    /// <summary>The same flash under a new controller: a reboot.</summary>
    public Validator Reboot() => new(Config, Storage, Clock, Position is not null, Position);
}
