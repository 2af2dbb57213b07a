using System.Collections;
using System.Diagnostics;
using System.Device.Gpio;
using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

public sealed class LaneProgramTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sg-rpi-program-").FullName;
    private readonly SimulatedBoard _board = new();
    private readonly StringWriter _output = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ExitsWithCode2AndNamesTheMissingDeviceIdWithoutTouchingTheHardware()
    {
        var exit = await RunAsync(["--Secret=x", "--Broker:Host=gw"]);

        Assert.Equal(LaneProgram.ExitBadConfig, exit);
        Assert.Contains("DeviceId is required", _output.ToString());
        Assert.Equal(0, _board.HardwareOpened);
    }

    [Theory]
    [InlineData("--DeviceId=gate/1", "DeviceId 'gate/1' must be")]
    [InlineData("--Pins:Relay=40", "Pins:Relay must be a whole number from 0 to 27, got '40'")]
    [InlineData("--Pins:Red=22", "Pins:Red and Pins:Green are both GPIO22")]
    public async Task ExitsWithCode2ForAnInvalidIdOrBadPins(string argument, string expected)
    {
        var exit = await RunAsync(["--DeviceId=gate-1", "--Secret=x", "--Broker:Host=gw", argument]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, _output.ToString());
        Assert.Equal(0, _board.HardwareOpened);
    }

    [Fact]
    public async Task ExitsWithCode1WhenTheHardwareCannotBeOpened()
    {
        var exit = await LaneProgram.RunAsync(ValidArgs(), new Hashtable(), _output,
            (_, _, _) => throw new IOException("/dev/spidev0.0: no such file"), TimeProvider.System, CancellationToken.None, Absent);

        Assert.Equal(LaneProgram.ExitFault, exit);
        Assert.Contains("cannot open the lane's hardware", _output.ToString());
        Assert.Contains("/dev/spidev0.0", _output.ToString());
    }

    [Fact]
    public async Task ExitsWithCode1AndLeavesTheRelayLockedWhenTheJournalIsCorrupt()
    {
        var storage = Path.Combine(_directory, "storage");
        Directory.CreateDirectory(storage);
        File.WriteAllText(Path.Combine(storage, "journal-meta"), "garbage");

        var exit = await LaneProgram.RunAsync([.. ValidArgs(), $"--StorageDirectory={storage}"], new Hashtable(), _output,
            _board.Open, TimeProvider.System, CancellationToken.None, Absent);

        Assert.Equal(1, exit);
        Assert.Contains("cannot start the lane: InvalidOperationException", _output.ToString());
        Assert.Equal(PinValue.Low, _board.LastWritten(LaneTestSettings.Relay));
        Assert.Equal(1, _board.HardwareOpened);
    }

    [Fact]
    public async Task ExitsWithCode2WhenTheBoardCannotGiveTheRotationSensorItsInternalPullUp()
    {
        var board = new SimulatedBoard(internalPulls: false);

        var exit = await LaneProgram.RunAsync([.. ValidArgs(), $"--StorageDirectory={_directory}"], new Hashtable(), _output,
            board.Open, TimeProvider.System, CancellationToken.None, Absent);

        Assert.Equal(LaneProgram.ExitBadConfig, exit);
        var output = _output.ToString();
        Assert.Contains("error: invalid configuration: Pins:RotationSensorPull = up: GPIO27 cannot be opened as InputPullUp", output);
        Assert.Contains("(Pins:RotationSensorPull = external)", output);
        // The relay had been opened first, driven off; it stays off and the lane never ran.
        Assert.Equal(PinValue.Low, board.LastWritten(LaneTestSettings.Relay));
        Assert.DoesNotContain("starting", output);
    }

    [Fact]
    public async Task RunsOnABoardWithoutInternalPullsWhenTheSensorHasAnExternalPullUp()
    {
        var board = new SimulatedBoard(internalPulls: false);
        using var stop = new CancellationTokenSource();
        var running = LaneProgram.RunAsync([.. ValidArgs(), $"--StorageDirectory={_directory}", "--Pins:RotationSensorPull=external"],
            new Hashtable(), _output, board.Open, TimeProvider.System, stop.Token, Absent);

        await Eventually.TrueAsync(() => _output.ToString().Contains("starting"), "the lane to start");
        stop.Cancel();

        Assert.Equal(LaneProgram.ExitStopped, await running);
        Assert.Contains("rotation GPIO27 (pull external, debounce 10 ms)", _output.ToString());
    }

    [Fact]
    public async Task RunsUntilStoppedThenExitsWithCode0AndTheRelayLocked()
    {
        using var stop = new CancellationTokenSource();
        var running = LaneProgram.RunAsync([.. ValidArgs(), $"--StorageDirectory={_directory}"], new Hashtable(), _output,
            _board.Open, TimeProvider.System, stop.Token, Absent);

        await Eventually.TrueAsync(() => _output.ToString().Contains("starting"), "the lane to start");
        stop.Cancel();

        Assert.Equal(LaneProgram.ExitStopped, await running);
        Assert.Equal(PinValue.Low, _board.LastWritten(LaneTestSettings.Relay));
        Assert.Contains("stopped, relay closed", _output.ToString());
    }

    [Fact]
    public async Task RunsAsABusValidatorWhenTheRoleSaysSoAndNeverTouchesTheRelay()
    {
        using var stop = new CancellationTokenSource();
        var running = LaneProgram.RunAsync([.. ValidArgs(), $"--StorageDirectory={_directory}", "--Role=bus-validator",
            "--Validator:Route=12", "--Gps:Port=none"], new Hashtable(), _output, _board.Open, TimeProvider.System, stop.Token, Absent);

        await Eventually.TrueAsync(() => _output.ToString().Contains("bus validator"), "the validator to start");
        stop.Cancel();

        Assert.Equal(LaneProgram.ExitStopped, await running);
        Assert.Contains("route 12, vehicle -, tap-off off, GPS none", _output.ToString());
        Assert.Contains("0 taps pending", _output.ToString());
        Assert.Null(_board.LastWritten(LaneTestSettings.Relay));
    }

    [Fact]
    public async Task TheInstalledExecutableExitsWithCode2OnABadConfig()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "schoolgate-turnstile.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { app, "--DeviceId=bad id", "--Secret=x", "--Broker:Host=gw" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("DeviceId 'bad id' must be", output);
    }

    private string Absent => Path.Combine(_directory, "absent.json");

    private static string[] ValidArgs() => ["--DeviceId=gate-1", "--Secret=x", "--Broker:Host=127.0.0.1", "--Broker:Port=1"];

    private Task<int> RunAsync(string[] args) =>
        LaneProgram.RunAsync(args, new Hashtable(), _output, _board.Open, TimeProvider.System, CancellationToken.None, Absent);
}
