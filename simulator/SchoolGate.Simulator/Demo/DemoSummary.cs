using System.Globalization;
using System.Text.Json;
using SchoolGate.Simulator.Devices.Seeding;

namespace SchoolGate.Simulator.Demo;

/// <summary>What the school and the parents see after the morning, read back through the admin API.</summary>
public static class DemoSummary
{
    public static async Task PrintAsync(GatewayApiClient api, SeededSchool school, DateOnly today, TimeZoneInfo zone, TextWriter output, CancellationToken ct)
    {
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var attendance = await api.GetAsync($"/api/attendance?schoolId={school.SchoolId}&date={date}", ct);
        output.WriteLine();
        output.WriteLine($"Attendance on {date} ({zone.Id}):");
        var present = 0;
        foreach (var row in Items(attendance))
        {
            present++;
            output.WriteLine($"  {Text(row, "firstName"),-10} {Text(row, "lastName"),-12} arrived {Local(row, "arrivedAt", zone),-8} left {Local(row, "leftAt", zone)}");
        }

        output.WriteLine($"  -- {present} of {school.Students.Count} students came to school today.");

        output.WriteLine();
        output.WriteLine("Messages to parents, each in the guardian's language (kk Kazakh, ru Russian, en English):");
        var messages = 0;
        foreach (var student in school.Students.DistinctBy(s => s.GuardianId))
        {
            var outbox = await api.GetAsync($"/api/notifications?guardianId={student.GuardianId}&limit=20", ct);
            foreach (var message in Items(outbox).Reverse())
            {
                messages++;
                output.WriteLine($"  to guardian #{student.GuardianId,-5} ({student.GuardianLanguage}) via {Text(message, "channel"),-8} \"{Text(message, "text")}\"");
            }
        }

        output.WriteLine($"  -- {messages} messages.");
    }

    /// <summary>One child's day as the school and the parent see it: the bus, then the entrance.</summary>
    public static async Task PrintTimelineAsync(GatewayApiClient api, SeededStudent student, DateOnly today, TextWriter output, CancellationToken ct)
    {
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var timeline = await api.GetAsync($"/api/students/{student.Id}/timeline?date={date}", ct);
        output.WriteLine();
        output.WriteLine($"{student.FirstName} {student.LastName}'s day (GET /api/students/{student.Id}/timeline):");
        foreach (var item in timeline.GetProperty("entries").EnumerateArray())
        {
            output.WriteLine($"  {Text(item, "localTime"),-8} {Text(item, "kind"),-10} {Text(item, "text")}");
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement list) => list.EnumerateArray();

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";

    private static string Local(JsonElement row, string name, TimeZoneInfo zone) =>
        DateTimeOffset.TryParse(Text(row, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc)
            ? TimeZoneInfo.ConvertTime(utc, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : "-";
}
