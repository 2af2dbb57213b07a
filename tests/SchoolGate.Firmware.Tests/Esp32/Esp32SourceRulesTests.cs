namespace SchoolGate.Firmware.Tests.Esp32;

/// <summary>Rules about the ESP32 sources that the compiler cannot see.</summary>
public class Esp32SourceRulesTests
{
    private static readonly string Esp32 = Path.Combine(FirmwareScript.RepoRoot(), "firmware", "esp32");

    [Fact]
    public void EveryStubFileIsMarkedAsNotShipped()
    {
        var stubs = Directory.GetFiles(Path.Combine(Esp32, "stubs"), "*.cs", SearchOption.AllDirectories);

        Assert.NotEmpty(stubs);
        Assert.All(stubs, file => Assert.StartsWith("// SIGNATURE STUB, NOT SHIPPED.", File.ReadAllText(file)));
    }

    [Fact]
    public void NoAppFileIsAStub()
    {
        var app = Directory.GetFiles(Path.Combine(Esp32, "app"), "*.cs", SearchOption.AllDirectories);

        Assert.NotEmpty(app);
        Assert.All(app, file => Assert.DoesNotContain("NotImplementedException", File.ReadAllText(file)));
    }

    [Fact]
    public void OnlyTheClockAdapterReadsTheDeviceClock()
    {
        // DateTime.UtcNow is the device's RTC (there is no TimeProvider on nanoFramework): one adapter owns it.
        var readers = Directory.GetFiles(Path.Combine(Esp32, "app"), "*.cs", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("DateTime.UtcNow") || File.ReadAllText(file).Contains("DateTime.Now"))
            .Select(file => Path.GetRelativePath(Esp32, file).Replace('\\', '/'));

        Assert.Equal(["app/Time/SntpClock.cs"], readers);
    }
}
