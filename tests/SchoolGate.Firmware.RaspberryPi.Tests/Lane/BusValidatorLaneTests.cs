using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.RaspberryPi.Configuration;
using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

/// <summary>
/// The app in its bus validator role on simulated pins, a GPS receiver on a fake serial line
/// (real NMEA sentences through Iot.Device.Nmea0183) and a real MQTT broker playing the gateway.
/// </summary>
public sealed class BusValidatorLaneTests : IAsyncLifetime
{
    private const string Rmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n";
    private const string VoidRmc = "$GPRMC,123520,V,,,,,,,230394,,,N*5B\r\n";

    private readonly string _storage = Directory.CreateTempSubdirectory("sg-rpi-bus-").FullName;
    private readonly SimulatedBoard _board = new();
    private readonly StringWriter _output = new();
    private readonly CancellationTokenSource _stop = new();
    private GatewayStandIn _gateway = null!;
    private LaneHardware _hardware = null!;
    private BusValidatorLane _lane = null!;
    private Task<int> _running = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayStandIn.StartAsync("s3cret");
        var settings = LaneTestSettings.Create(_storage, _gateway.Port) with
        {
            Role = DeviceKinds.BusValidator,
            DeviceId = "bv-school7-bus12",
            Validator = new ValidatorSettings { Route = "12", Vehicle = "045", TapOff = true },
        };
        var log = new LaneLog(_output);
        _hardware = _board.Open(settings, TimeProvider.System, log);
        _lane = BusValidatorLane.Create(settings, _hardware, TimeProvider.System, log);
        _running = _lane.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        Assert.Equal(LaneProgram.ExitStopped, await _running);
        await _lane.DisposeAsync();
        _hardware.Dispose();
        await _gateway.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task ATapReachesTheGatewayAsABoardedEventWithTheGpsFix()
    {
        _board.GpsSerial.Send(Rmc);
        await Eventually.TrueAsync(() => _lane.Gps!.Sentences == 1, "the GPS fix");

        _board.Reader.Tap("04A1B2C3");

        var e = await Eventually.GetAsync(() => Task.FromResult(_gateway.Events().ToArray()), events => events.Length > 0, "the tap");
        Assert.Equal(new PassageEvent("bv-school7-bus12", 1, PassageTypes.Boarded, "04A1B2C3", Reasons.Ok, false, e[0].Ts,
            "12", "045", true, 481_173_000, 115_166_667), e[0]);
        Assert.True(_board.IsHigh(LaneTestSettings.Green));
    }

    [Fact]
    public async Task AfterTheReceiverLosesItsFixATapCarriesNoPosition()
    {
        _board.GpsSerial.Send(Rmc);
        _board.GpsSerial.Send(VoidRmc);
        await Eventually.TrueAsync(() => _lane.Gps!.Sentences == 2, "the lost fix");

        _board.ExitReader.Tap("04A1B2C3");

        var e = await Eventually.GetAsync(() => Task.FromResult(_gateway.Events().ToArray()), events => events.Length > 0, "the tap");
        Assert.Equal(PassageTypes.Alighted, e[0].Type);
        Assert.False(e[0].HasFix);
        Assert.Equal((0L, 0L), (e[0].LatE7, e[0].LonE7));
        Assert.Equal("12", e[0].Route);
    }

    [Fact]
    public async Task AnnouncesItselfAsABusValidator()
    {
        await Eventually.TrueAsync(() => _gateway.States().Any(), "the validator's state");

        var state = _gateway.States().First();
        Assert.Equal((DeviceKinds.BusValidator, DeviceStatus.Online, BusValidatorLane.Firmware), (state.Kind, state.Status, state.Firmware));
        Assert.Contains("bus validator bv-school7-bus12 starting: route 12, vehicle 045, tap-off on", _output.ToString());
    }
}
