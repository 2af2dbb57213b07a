using System.Text.RegularExpressions;
using SchoolGate.Simulator.Demo;

namespace SchoolGate.EndToEnd.Tests;

/// <summary>The README's first command, run as a user would (embedded gateway, then exit).</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoShowsTapsDecisionsAttendanceAndParentMessages()
    {
        // No --store: the database goes into the run's own temp folder, which the demo deletes.
        var settings = new DemoSettings(null, "127.0.0.1", LoopbackPorts.Next(), LoopbackPorts.Next(), Students: 4, EntryLanes: 2,
            Seed: 3, Store: null, ExitWhenDone: true, GatewayLogs: false);
        var output = new StringWriter();

        var exitCode = await DemoRun.RunAsync(settings, output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        // Aruzhan rides bus 12 and comes in; Ayaru boards the early bus 7 and never arrives; Alikhan
        // comes in; the visitor's card is unknown and Nursultan's was revoked.
        Assert.Equal(2 + 2, CountLines(text, "GRANTED"));
        Assert.Equal(2, CountLines(text, "REFUSED"));
        Assert.Contains("2 of 4 students came to school today", text);
        Assert.Contains("2 virtual bus validators", text);
        Assert.Contains("Security list: Ayaru Serikova boarded bus 7 at ", text);
        // Guardians are seeded by turn with the default language (Russian), Kazakh and English; the
        // two children who came both leave early; the fourth (card revoked) gets no message.
        var messages = Lines(text, "to guardian #");
        Assert.Equal(7, messages.Length);
        AssertMessage(messages, "ru", "Aruzhan: посадка в автобус №12 (борт 045) в ");
        AssertMessage(messages, "ru", "Aruzhan: вход в школу в ");
        AssertMessage(messages, "ru", "Aruzhan: выход из школы в ");
        AssertMessage(messages, "kk", "Alikhan: мектепке кірді, ");
        AssertMessage(messages, "kk", "Alikhan: мектептен шықты, ");
        AssertMessage(messages, "en", "Ayaru boarded bus 7 (vehicle 112) at ");
        Assert.Single(messages, line => Regex.IsMatch(line, """\(en\) via telegram +"Ayaru boarded bus 7 at \d\d:\d\d but has not entered school by \d\d:\d\d"\s*$"""));
        Assert.DoesNotContain(messages, line => line.Contains("Nursultan", StringComparison.Ordinal));
        // Each guardian linked a Telegram chat with a code, and the messages arrived in the chats
        // (a guardian's messages a second apart may share one Telegram message, a line each).
        Assert.Contains("4 parents linked a Telegram chat", text);
        var chats = Lines(text, "Telegram chat of guardian #");
        Assert.Equal(7, chats.Sum(line => line.Split(" / ").Length));
        Assert.Contains(chats, line => line.Contains("(kk): Alikhan: мектепке кірді, ", StringComparison.Ordinal));
        // The bus rider's day, bus then entrance, as the timeline API gives it.
        Assert.Matches(@"Aruzhan Abenova's day \(GET /api/students/\d+/timeline\):\s+\d\d:\d\d:\d\d boarded +Boarded bus 12 \(vehicle 045\)\s+\d\d:\d\d:\d\d entered", text);
        Assert.Contains("/openapi/v1.json", text);
    }

    private static int CountLines(string text, string word) => Lines(text, word).Length;

    private static string[] Lines(string text, string word) =>
        [.. text.Split('\n').Where(line => line.Contains(word, StringComparison.Ordinal))];

    /// <summary>One line `to guardian #12 (kk) via telegram "Alikhan: мектепке кірді, 07:52"`, the time school-local.</summary>
    private static void AssertMessage(string[] lines, string language, string textBeforeTime) =>
        Assert.Single(lines, line => Regex.IsMatch(line, $"""\({language}\) via telegram +"{Regex.Escape(textBeforeTime)}\d\d:\d\d"\s*$"""));
}
