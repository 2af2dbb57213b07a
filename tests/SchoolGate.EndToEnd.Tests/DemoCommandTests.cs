using SchoolGate.Simulator.Demo;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>The README's first command, run as a user would (embedded gateway, then exit).</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoShowsTapsDecisionsAttendanceAndParentMessages()
    {
        var store = Path.Combine(Path.GetTempPath(), "schoolgate-e2e", Guid.NewGuid().ToString("n"), "demo.db");
        var settings = new DemoSettings(null, "127.0.0.1", FreePort.Next(), FreePort.Next(), Students: 4, EntryLanes: 2,
            Seed: 3, Store: store, ExitWhenDone: true, GatewayLogs: false);
        var output = new StringWriter();

        var exitCode = await DemoRun.RunAsync(settings, output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        // Three students and the visitor go in, the fourth student's card was revoked.
        Assert.Equal(3 + 3, CountLines(text, "GRANTED"));
        Assert.Equal(2, CountLines(text, "REFUSED"));
        Assert.Contains("3 of 4 students came to school today", text);
        Assert.Contains("arrived at school", text);
        Assert.Contains("left school", text);
        Assert.Contains("/openapi/v1.json", text);
    }

    private static int CountLines(string text, string word) =>
        text.Split('\n').Count(line => line.Contains(word, StringComparison.Ordinal));
}
