using System.Device.Gpio;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

/// <summary>The app's composition on simulated pins, with the gateway unreachable (nothing listens on the port).</summary>
public sealed class TurnstileLaneTests : IAsyncLifetime
{
    private const string AllowedCard = "04A1B2C3";

    private readonly string _storage = Directory.CreateTempSubdirectory("sg-rpi-lane-").FullName;
    private readonly SimulatedBoard _board = new();
    private readonly StringWriter _output = new();
    private readonly CancellationTokenSource _stop = new();
    private LaneHardware _hardware = null!;
    private TurnstileLane _lane = null!;
    private Task<int> _running = null!;

    public Task InitializeAsync()
    {
        var settings = LaneTestSettings.Create(_storage, port: 1);
        var log = new LaneLog(_output);
        _hardware = _board.Open(settings, TimeProvider.System, log);
        _lane = TurnstileLane.Create(settings, _hardware, TimeProvider.System, log);
        // Before RunAsync the controller still belongs to this thread.
        // The gateway's list arrives as it would over MQTT and is applied step by step.
        var controller = _lane.Controller;
        controller.OnMessage(controller.TopicFor(Topics.AccessList), ProtocolCodec.Encode(new AccessList(1, [AllowedCard])));
        while (controller.OfflineListSync.Applying)
        {
            controller.Loop();
        }

        _running = _lane.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _lane.DisposeAsync();
        _hardware.Dispose();
        _stop.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task OpensForACardOnTheOfflineListWhileTheGatewayIsUnreachable()
    {
        _board.Reader.Tap(AllowedCard);

        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Relay), "the relay to release");
        Assert.True(_board.IsHigh(LaneTestSettings.Green));
        Assert.False(_board.IsHigh(LaneTestSettings.Red));
    }

    [Fact]
    public async Task LocksAgainWhenTheRotationSensorSeesTheArmPass()
    {
        _board.Reader.Tap(AllowedCard);
        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Relay), "the relay to release");

        // Active low: the contact pulls GPIO27 to ground while the arm passes the index.
        _board.Driver.DriveInput(LaneTestSettings.RotationSensor, PinValue.Low);
        await Eventually.TrueAsync(() => _board.LastWritten(LaneTestSettings.Relay) == PinValue.Low, "the relay to lock");
        _board.Driver.DriveInput(LaneTestSettings.RotationSensor, PinValue.High);

        // The controller goes idle first and journals the passage after it, in the same loop step.
        await Eventually.TrueAsync(() => _lane.Controller.PendingEvents == 1, "the passage to be journaled");
        Assert.Equal(TurnstileState.Idle, _lane.Controller.State);
    }

    [Fact]
    public async Task RefusesAnUnknownCardWithRedAndBuzzer()
    {
        _board.Reader.Tap("DEADBEEF");

        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Red), "the red light");
        Assert.False(_board.IsHigh(LaneTestSettings.Relay));
        Assert.False(_board.IsHigh(LaneTestSettings.Green));
    }

    [Fact]
    public async Task FlashesGreenToShowItIsOffline()
    {
        var flashes = 0;
        _board.Driver.OutputWritten += (pin, value) => flashes += pin == LaneTestSettings.Green && value == PinValue.High ? 1 : 0;

        await Eventually.TrueAsync(() => flashes >= 2, "two offline flashes", TimeSpan.FromSeconds(6));
        Assert.False(_board.IsHigh(LaneTestSettings.Red));
    }

    [Fact]
    public async Task ClosesTheRelayOnShutdownEvenWhileOpen()
    {
        _board.Reader.Tap(AllowedCard);
        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Relay), "the relay to release");

        await _stop.CancelAsync();
        Assert.Equal(LaneProgram.ExitStopped, await _running);
        await _lane.DisposeAsync();

        Assert.Equal(PinValue.Low, _board.LastWritten(LaneTestSettings.Relay));
        Assert.Equal(PinValue.Low, _board.LastWritten(LaneTestSettings.Green));
        Assert.False(_hardware.Gpio.IsPinOpen(LaneTestSettings.Relay));
        Assert.Contains("stopped, relay closed", _output.ToString());
    }

    [Fact]
    public async Task LogsOnceThatTheGatewayIsUnreachable()
    {
        var failedAttempts = 0;
        _lane.Connection.Disconnected += () =>
        {
            Interlocked.Increment(ref failedAttempts);
            return Task.CompletedTask;
        };

        // The lane tries again only after it has dealt with the last failure, so a third failure
        // seen from here means at least two failures were dealt with, each able to log.
        await Eventually.TrueAsync(() => Volatile.Read(ref failedAttempts) >= 3, "three failed connection attempts");

        var warnings = _output.ToString().Split('\n').Count(l => l.Contains("cannot reach the gateway"));
        Assert.Equal(1, warnings);
    }

    [Fact]
    public void AnnouncesTheSameLastWillAsTheController()
    {
        var fromController = Decode(_lane.Controller.LastWillPayload());
        var registeredWithBroker = Decode(_lane.Connection.StatePayload(DeviceStatus.Offline, 0));

        Assert.Equal(fromController with { Ts = 0 }, registeredWithBroker);
        Assert.Equal(new DeviceState(LaneTestSettings.DeviceId, DeviceKinds.Turnstile, DeviceStatus.Offline, TurnstileLane.Firmware, 0), registeredWithBroker);
    }

    private static DeviceState Decode(byte[] payload) =>
        ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.DeviceState, out var state, out _) ? state! : throw new InvalidDataException();
}
