using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Notifications.Telegram;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <param name="LocalTime">School-local "HH:mm:ss".</param>
/// <param name="Text">What happened, for the dashboard (English, like the rest of the staff's screens).</param>
public sealed record TimelineItem(DateTimeOffset At, string LocalTime, string Kind, string Text, string? DeviceId, string? Route, string? Vehicle);

/// <param name="Date">The school-local day, yyyy-MM-dd.</param>
public sealed record StudentTimeline(long StudentId, string FirstName, string LastName, long SchoolId, string Date, string TimeZone,
    TimelineItem[] Entries);

/// <summary>
/// One timeline per child and school-local day, merged from every <see cref="ITimelineSource"/>
/// (the entrance, including refused passages; the bus; the canteen when it comes), in time order.
/// </summary>
public static class StudentTimelineApi
{
    private sealed record StudentRow(long Id, string FirstName, string LastName, long SchoolId);

    public static RouteGroupBuilder MapStudentTimelineApi(this RouteGroupBuilder api)
    {
        api.MapGet("/students/{id:long}/timeline", GetAsync).WithTags("Journeys").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("A child's day: entrance passages and bus taps in time order (school-local date; default today)");
        return api;
    }

    private static async Task<Results<Ok<StudentTimeline>, ValidationProblem, ProblemHttpResult>> GetAsync(long id, string? date, StaffUser user,
        IDbConnectionFactory db, SchoolClock clock, IEnumerable<ITimelineSource> sources, CancellationToken ct)
    {
        var day = clock.Today;
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        StudentRow? student;
        await using (var connection = await db.OpenAsync(ct))
        {
            student = await connection.QuerySingleOrDefaultAsync<StudentRow>(
                "SELECT id AS Id, first_name AS FirstName, last_name AS LastName, school_id AS SchoolId FROM students WHERE id = @id", new { id });
        }

        if (student is null || !user.CanSee(student.SchoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var (from, to) = clock.Bounds(day);
        var entries = new List<TimelineEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.ReadForStaffAsync([id], from, to, ct));
        }

        var items = entries.OrderBy(e => e.At).ThenBy(e => e.Kind, StringComparer.Ordinal)
            .Select(e => new TimelineItem(e.At, clock.ToLocal(e.At).ToString("HH:mm:ss", CultureInfo.InvariantCulture), e.Kind, Text(e),
                e.DeviceId, e.Route, e.Vehicle))
            .ToArray();
        return TypedResults.Ok(new StudentTimeline(student.Id, student.FirstName, student.LastName, student.SchoolId,
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clock.Zone.Id, items));
    }

    private static string Text(TimelineEntry e) => e.Kind switch
    {
        PassageTypes.Entered => "Entered school",
        PassageTypes.Exited => "Left school",
        PassageTypes.Refused => "Refused at the entrance",
        PassageTypes.Boarded => $"Boarded {Bus(e.Route)}{Vehicle(e.Vehicle)}",
        PassageTypes.Alighted => $"Got off {Bus(e.Route)}{Vehicle(e.Vehicle)}",
        _ => e.Detail is { } detail ? $"{e.Kind} ({detail})" : e.Kind,
    };

    private static string Bus(string? route) => route is null ? "the bus" : $"bus {route}";

    private static string Vehicle(string? vehicle) => vehicle is null ? "" : $" (vehicle {vehicle})";
}
