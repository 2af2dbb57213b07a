using System.Collections;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Configuration;

public sealed class LaneSettingsTests : IDisposable
{
    private static readonly string[] Identity = ["--DeviceId=ts-school7-gate1", "--Secret=s3cret", "--Broker:Host=gw.school7.local"];

    private readonly string _directory = Directory.CreateTempSubdirectory("sg-rpi-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FollowsTheWiringTableWhenOnlyTheIdentityIsGiven()
    {
        var settings = Load(Identity);

        Assert.Equal("ts-school7-gate1", settings.DeviceId);
        Assert.Equal(("in", 1883, false), (settings.Direction, settings.Broker.Port, settings.Broker.UseTls));
        var pins = settings.Pins;
        Assert.Equal((17, 27, 22, 23, 25, 0, 0), (pins.Relay, pins.RotationSensor, pins.Green, pins.Red, pins.ReaderReset, pins.SpiBus, pins.SpiChipSelect));
        Assert.True(pins.RelayActiveHigh);
        Assert.Equal((InputPull.Up, true, 10), (pins.RotationSensorPull, pins.RotationSensorActiveLow, pins.RotationSensorDebounceMs));
        Assert.Equal("/var/lib/schoolgate", settings.StorageDirectory);
        Assert.Equal((800, 5000, 1500), (settings.Timings.DecisionBudgetMs, settings.Timings.DefaultOpenMs, settings.Timings.CardRepeatMs));
    }

    [Fact]
    public void ShipsAnAppsettingsFileThatOnlyLacksTheSiteIdentity()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");

        var error = Assert.Throws<LaneSettingsException>(() => LaneSettings.Load([], new Hashtable(), shipped));
        var settings = LaneSettings.Load(Identity, new Hashtable(), shipped);

        Assert.Equal(["DeviceId is required", "Secret is required", "Broker:Host is required"], error.Problems);
        Assert.Equal(17, settings.Pins.Relay);
        Assert.Equal((InputPull.Up, 10), (settings.Pins.RotationSensorPull, settings.Pins.RotationSensorDebounceMs));
    }

    [Fact]
    public void AcceptsTheExampleSiteFileAndSecretShippedInDeploy()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var site = Path.Combine(AppContext.BaseDirectory, "deploy", "turnstile.json");
        var environment = new Hashtable { ["SCHOOLGATE_Secret"] = "change-me" };

        var settings = LaneSettings.Load(["--Config", site], environment, shipped);

        Assert.Equal(("ts-school7-gate1", "gateway.school7.local", 8883, true),
            (settings.DeviceId, settings.Broker.Host, settings.Broker.Port, settings.Broker.UseTls));
        Assert.Equal("change-me", settings.Secret);
    }

    [Fact]
    public void AcceptsTheExampleBusValidatorSiteFileShippedInDeploy()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var site = Path.Combine(AppContext.BaseDirectory, "deploy", "validator.json");
        var environment = new Hashtable { ["SCHOOLGATE_Secret"] = "change-me" };

        var settings = LaneSettings.Load(["--Config", site], environment, shipped);

        Assert.True(settings.IsBusValidator);
        Assert.Equal(("12", "045", false), (settings.Validator.Route, settings.Validator.Vehicle, settings.Validator.TapOff));
        Assert.Equal(("/dev/serial0", 9600, true), (settings.Gps.Port, settings.Gps.BaudRate, settings.Gps.Enabled));
        Assert.Equal(5000, settings.Timings.JournalCapacity);
    }

    [Fact]
    public void ATurnstileKeepsItsJournalSizeAndAValidatorWithoutGpsSaysNone()
    {
        var turnstile = Load(Identity);
        var validator = Load([.. Identity, "--Role=bus-validator", "--Gps:Port=none", "--Validator:TapOff=true"]);

        Assert.Equal(500, turnstile.Timings.JournalCapacity);
        Assert.False(turnstile.IsBusValidator);
        Assert.False(validator.Gps.Enabled);
        Assert.True(validator.Validator.TapOff);
        Assert.Null(validator.Validator.Route);
        Assert.Equal((1, 24), (validator.Pins.ExitReaderChipSelect, validator.Pins.ExitReaderReset));
    }

    [Theory]
    [InlineData("--Role=bus", "Role must be \"turnstile\" or \"bus-validator\", got 'bus'")]
    [InlineData("--Validator:Route=12/A", "Validator:Route '12/A' must be 1-64 characters of A-Z a-z 0-9 - _ . :")]
    [InlineData("--Validator:Vehicle=bus 45", "Validator:Vehicle 'bus 45' must be 1-64 characters of A-Z a-z 0-9 - _ . :")]
    [InlineData("--Gps:BaudRate=12", "Gps:BaudRate must be a whole number from 1200 to 921600, got '12'")]
    [InlineData("--Pins:ExitReaderReset=25", "Pins:ExitReaderReset and Pins:ReaderReset are both GPIO25")]
    public void NamesEveryBadValidatorSetting(string argument, string expected)
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Role=bus-validator", argument]));

        Assert.Contains(expected, error.Problems);
    }

    [Fact]
    public void LaysTheSiteFileOverTheDefaultsAndLetsEnvironmentAndArgumentsWin()
    {
        var defaults = Write("defaults.json", """{ "Broker": { "Host": "from-defaults", "Port": 1884 }, "Pins": { "Relay": 5 } }""");
        var site = Write("site.json", """
            // comments and trailing commas are fine in a hand-edited file
            { "DeviceId": "gate-2", "Secret": "x", "Broker": { "Host": "from-site", }, "Direction": "out" }
            """);
        var environment = new Hashtable
        {
            ["SCHOOLGATE_Config"] = site,
            ["SCHOOLGATE_Broker__Host"] = "from-env",
            ["SCHOOLGATE_Pins__Green"] = "12",
            ["UNRELATED_Pins__Red"] = "13",
        };

        var settings = LaneSettings.Load(["--broker:host", "from-args"], environment, defaults);

        Assert.Equal("gate-2", settings.DeviceId);
        Assert.Equal("out", settings.Direction);
        Assert.Equal("from-args", settings.Broker.Host);
        Assert.Equal(1884, settings.Broker.Port);
        Assert.Equal((5, 12, 23), (settings.Pins.Relay, settings.Pins.Green, settings.Pins.Red));
    }

    [Fact]
    public void UsesTheTlsPortWhenTlsIsOnAndNoPortIsGiven()
    {
        var settings = Load([.. Identity, "--Broker:UseTls=true"]);

        Assert.Equal(8883, settings.Broker.Port);
    }

    [Fact]
    public void ListsEveryMissingRequiredSetting()
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([]));

        Assert.Equal(["DeviceId is required", "Secret is required", "Broker:Host is required"], error.Problems);
    }

    [Theory]
    [InlineData("gate 1")]
    [InlineData("school/gate")]
    [InlineData("gate#1")]
    public void RejectsADeviceIdThatCannotBeATopicLevel(string id)
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, $"--DeviceId={id}"]));

        Assert.Contains(error.Problems, p => p.StartsWith($"DeviceId '{id}' must be", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Pins:Relay=28", "Pins:Relay must be a whole number from 0 to 27, got '28'")]
    [InlineData("--Pins:Relay=-1", "Pins:Relay must be a whole number from 0 to 27, got '-1'")]
    [InlineData("--Pins:Green=seventeen", "Pins:Green must be a whole number from 0 to 27, got 'seventeen'")]
    [InlineData("--Pins:RelayActiveHigh=yes", "Pins:RelayActiveHigh must be true or false, got 'yes'")]
    [InlineData("--Pins:SpiChipSelect=2", "Pins:SpiChipSelect must be a whole number from 0 to 1, got '2'")]
    [InlineData("--Broker:Port=0", "Broker:Port must be a whole number from 1 to 65535, got '0'")]
    [InlineData("--Timings:LoopTickMs=0", "Timings:LoopTickMs must be a whole number from 1 to 100, got '0'")]
    [InlineData("--Direction=sideways", "Direction must be \"in\" or \"out\", got 'sideways'")]
    [InlineData("--Pins:RotationSensorPull=pullup", "Pins:RotationSensorPull must be one of up, down, none, external, got 'pullup'")]
    [InlineData("--Pins:RotationSensorPull=1", "Pins:RotationSensorPull must be one of up, down, none, external, got '1'")]
    [InlineData("--Pins:RotationSensorDebounceMs=500", "Pins:RotationSensorDebounceMs must be a whole number from 0 to 100, got '500'")]
    public void NamesTheSettingAndTheBadValue(string argument, string problem)
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, argument]));

        Assert.Equal([problem], error.Problems);
    }

    [Theory]
    [InlineData("external", InputPull.External)]
    [InlineData("External", InputPull.External)]
    [InlineData("NONE", InputPull.None)]
    public void ReadsTheRotationSensorsPullByNameInAnyCase(string value, InputPull expected)
    {
        var settings = Load([.. Identity, $"--Pins:RotationSensorPull={value}"]);

        Assert.Equal(expected, settings.Pins.RotationSensorPull);
    }

    [Theory]
    [InlineData("up", "false", "Pins:RotationSensorPull = up needs Pins:RotationSensorActiveLow = true: a pulled-up idle line reads high")]
    [InlineData("down", "true", "Pins:RotationSensorPull = down needs Pins:RotationSensorActiveLow = false: a pulled-down idle line reads low")]
    public void RejectsAPullTowardsTheActiveLevelBecauseAnOpenContactWouldLookLikeTheArmPassing(string pull, string activeLow, string problem)
    {
        var error = Assert.Throws<LaneSettingsException>(() =>
            Load([.. Identity, $"--Pins:RotationSensorPull={pull}", $"--Pins:RotationSensorActiveLow={activeLow}"]));

        Assert.Equal([problem], error.Problems);
    }

    [Fact]
    public void AcceptsAPulledDownActiveHighSensor()
    {
        var settings = Load([.. Identity, "--Pins:RotationSensorPull=down", "--Pins:RotationSensorActiveLow=false"]);

        Assert.Equal((InputPull.Down, false), (settings.Pins.RotationSensorPull, settings.Pins.RotationSensorActiveLow));
    }

    [Fact]
    public void RejectsTwoSignalsOnOnePin()
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Pins:Red=17"]));

        Assert.Equal(["Pins:Red and Pins:Relay are both GPIO17"], error.Problems);
    }

    [Fact]
    public void KeepsTheCardReadersSpiLinesFree()
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Pins:Green=10"]));

        Assert.Equal(["Pins:Green = GPIO10 is an SPI0 line the card reader needs (GPIO7-11)"], error.Problems);
    }

    [Fact]
    public void AllowsAReaderWithoutAResetLine()
    {
        var settings = Load([.. Identity, "--Pins:ReaderReset=-1"]);

        Assert.Equal(-1, settings.Pins.ReaderReset);
    }

    [Fact]
    public void TreatsAMisspeltKeyAsAnError()
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Pins:Rellay=5"]));

        Assert.Equal(["Pins:Rellay is not a setting (misspelt?)"], error.Problems);
    }

    [Fact]
    public void SaysWhichLineOfTheFileIsBroken()
    {
        var site = Write("broken.json", "{\n  \"DeviceId\": \"gate-1\",\n  \"Secret\": \n}");

        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Config", site]));

        Assert.Single(error.Problems);
        Assert.StartsWith($"{site}: not valid JSON (line 4)", error.Problems[0]);
    }

    [Fact]
    public void RejectsArraysAndANonObjectFile()
    {
        var arrays = Write("arrays.json", """{ "Pins": { "Relay": [17, 18] } }""");
        var scalar = Write("scalar.json", "17");

        Assert.Equal([$"{arrays}: Pins:Relay: arrays are not settings here"],
            Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Config", arrays])).Problems);
        Assert.Equal([$"{scalar}: the top level must be a JSON object"],
            Assert.Throws<LaneSettingsException>(() => Load([.. Identity, "--Config", scalar])).Problems);
    }

    [Fact]
    public void RequiresAnExplicitlyNamedFileToExist()
    {
        var missing = Path.Combine(_directory, "nope.json");

        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, $"--Config={missing}"]));

        Assert.Equal([$"Config: file '{missing}' does not exist"], error.Problems);
    }

    [Theory]
    [InlineData("gate-1", "argument 'gate-1': expected --Key=value or --Key value")]
    [InlineData("--", "argument '--': expected --Key=value or --Key value")]
    [InlineData("--Secret", "argument '--Secret' has no value")]
    public void RejectsMalformedArguments(string argument, string problem)
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load([.. Identity, argument]));

        Assert.Equal([problem], error.Problems);
    }

    [Fact]
    public void PutsEveryProblemInTheMessage()
    {
        var error = Assert.Throws<LaneSettingsException>(() => Load(["--Pins:Relay=99", "--Direction=up"]));

        Assert.Equal(5, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.Contains(p, error.Message));
    }

    private LaneSettings Load(string[] args) => LaneSettings.Load(args, new Hashtable(), Path.Combine(_directory, "absent.json"));

    private string Write(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }
}
