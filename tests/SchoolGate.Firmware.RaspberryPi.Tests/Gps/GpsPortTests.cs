using SchoolGate.Firmware.RaspberryPi.Configuration;
using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gps;

public sealed class GpsPortTests
{
    [Fact]
    public void AReceiverPortThatCannotBeOpenedIsAWarningAndTheValidatorRunsWithoutGps()
    {
        var output = new StringWriter();

        var port = LaneHardware.OpenGps(new GpsSettings { Port = "/dev/schoolgate-no-such-uart" }, new LaneLog(output));

        Assert.Null(port);
        Assert.Contains("warn: GPS receiver on /dev/schoolgate-no-such-uart cannot be opened", output.ToString());
        Assert.Contains("taps carry no position", output.ToString());
    }
}
