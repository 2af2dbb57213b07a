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
        // Three students and the visitor go in, the fourth student's card was revoked.
        Assert.Equal(3 + 3, CountLines(text, "GRANTED"));
        Assert.Equal(2, CountLines(text, "REFUSED"));
        Assert.Contains("3 of 4 students came to school today", text);
        // Guardians are seeded by turn with the default language (Russian), Kazakh and English; the
        // three children who came all leave early; the fourth (card revoked) gets no message.
        var messages = Lines(text, "to guardian #");
        Assert.Equal(6, messages.Length);
        AssertMessage(messages, "ru", "Aruzhan: вход в школу в ");
        AssertMessage(messages, "ru", "Aruzhan: выход из школы в ");
        AssertMessage(messages, "kk", "Alikhan: мектепке кірді, ");
        AssertMessage(messages, "kk", "Alikhan: мектептен шықты, ");
        AssertMessage(messages, "en", "Ayaru arrived at school at ");
        AssertMessage(messages, "en", "Ayaru left school at ");
        Assert.DoesNotContain(messages, line => line.Contains("Nursultan", StringComparison.Ordinal));
        // Each guardian linked a Telegram chat with a code, and the messages arrived in the chats
        // (a guardian's arrival and departure a second apart may share one message, a line each).
        Assert.Contains("4 parents linked a Telegram chat", text);
        var chats = Lines(text, "Telegram chat of guardian #");
        Assert.Equal(6, chats.Sum(line => line.Split(" / ").Length));
        Assert.Contains(chats, line => line.Contains("(kk): Alikhan: мектепке кірді, ", StringComparison.Ordinal));
        Assert.Contains("/openapi/v1.json", text);
    }

    private static int CountLines(string text, string word) => Lines(text, word).Length;

    private static string[] Lines(string text, string word) =>
        [.. text.Split('\n').Where(line => line.Contains(word, StringComparison.Ordinal))];

    /// <summary>One line `to guardian #12 (kk) via telegram "Alikhan: мектепке кірді, 07:52"`, the time school-local.</summary>
    private static void AssertMessage(string[] lines, string language, string textBeforeTime) =>
        Assert.Single(lines, line => Regex.IsMatch(line, $"""\({language}\) via telegram +"{Regex.Escape(textBeforeTime)}\d\d:\d\d"\s*$"""));
}
