using System.Device.Gpio;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

/// <summary>The app's composition on simulated pins against a real MQTT broker.</summary>
public sealed class LaneAgainstBrokerTests : IAsyncLifetime
{
    private readonly string _storage = Directory.CreateTempSubdirectory("sg-rpi-broker-").FullName;
    private readonly SimulatedBoard _board = new();
    private readonly StringWriter _output = new();
    private GatewayStandIn _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayStandIn.StartAsync("s3cret");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task PublishesItsOnlineStateRetainedWhenItConnects()
    {
        await using var lane = await StartLaneAsync();

        await Eventually.TrueAsync(() => _gateway.States().Any(), "the lane's state");
        var state = _gateway.States().First();
        Assert.Equal((LaneTestSettings.DeviceId, DeviceKinds.Turnstile, DeviceStatus.Online, TurnstileLane.Firmware),
            (state.DeviceId, state.Kind, state.Status, state.Firmware));
        Assert.Contains($"connected to 127.0.0.1:{_gateway.Port}", _output.ToString());
    }

    [Fact]
    public async Task LeavesItsStateOfflineWhenStopped()
    {
        var lane = await StartLaneAsync();
        await Eventually.TrueAsync(() => _gateway.States().Any(), "the lane's state");

        await lane.DisposeAsync();

        Assert.Equal(DeviceStatus.Offline, _gateway.States().Last().Status);
    }

    [Fact]
    public async Task OpensOnTheGatewaysDecisionAndKeepsThePassUntilItIsAcknowledged()
    {
        await using var lane = await StartLaneAsync();
        await Eventually.TrueAsync(() => _gateway.States().Any(), "the lane to connect");

        _board.Reader.Tap("04A1B2C3");
        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Relay), "the relay to release");
        _board.Driver.DriveInput(LaneTestSettings.RotationSensor, PinValue.Low);
        await Eventually.TrueAsync(() => _gateway.Events().Any(), "the passage event");
        _board.Driver.DriveInput(LaneTestSettings.RotationSensor, PinValue.High);

        var passage = _gateway.Events().Single();
        Assert.Equal((PassageTypes.Entered, "04A1B2C3", Reasons.Ok, false, 1L),
            (passage.Type, passage.CardId, passage.Reason, passage.Offline, passage.Seq));
        Assert.Equal(PinValue.Low, _board.LastWritten(LaneTestSettings.Relay));
        await Eventually.TrueAsync(() => lane.Controller.LastAckedSeq == 1, "the gateway's ack");
    }

    [Fact]
    public async Task KeepsServingFromTheOfflineListWhenTheBrokerRefusesItsSecret()
    {
        await using var lane = await StartLaneAsync(secret: "wrong");
        await Eventually.TrueAsync(() => _output.ToString().Contains("cannot reach the gateway"), "the warning");

        _board.Reader.Tap("DEADBEEF");

        await Eventually.TrueAsync(() => _board.IsHigh(LaneTestSettings.Red), "an offline refusal");
        Assert.Empty(_gateway.States());
    }

    private async Task<TurnstileLane> StartLaneAsync(string secret = "s3cret")
    {
        var settings = LaneTestSettings.Create(_storage, _gateway.Port) with { Secret = secret };
        var log = new LaneLog(_output);
        var lane = TurnstileLane.Create(settings, _board.Open(settings, TimeProvider.System, log), TimeProvider.System, log);
        _ = lane.RunAsync(CancellationToken.None);
        await Task.Yield();
        return lane;
    }
}
