using System.Data.Common;
using System.Globalization;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schedule;

/// <summary>
/// Which school-local dates are school days: the school's week, minus its holidays, with its
/// exceptional days (a school Saturday, a day off) on top. For attendance reports and the calendar
/// API; the entrance decision reads the same tables in its own single query.
/// </summary>
public sealed class SchoolCalendar(IDbConnectionFactory db)
{
    private sealed record Holiday(string Name, string FromDay, string ToDay);

    private sealed record Exception(string Day, long SchoolDay, string? Note);

    public async Task<bool> IsSchoolDayAsync(long schoolId, DateOnly day, CancellationToken cancellationToken = default) =>
        (await DaysAsync(schoolId, day, day, cancellationToken))[0].SchoolDay;

    /// <summary>The same answer inside an open transaction (an event's projection reads what it is about to commit with).</summary>
    public static async Task<bool> IsSchoolDayAsync(DbConnection connection, DbTransaction? transaction, long schoolId, DateOnly day) =>
        (await DaysAsync(connection, transaction, schoolId, day, day))[0].SchoolDay;

    /// <summary>Every date from <paramref name="from"/> to <paramref name="to"/> (inclusive), in order.</summary>
    public async Task<IReadOnlyList<CalendarDay>> DaysAsync(long schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await DaysAsync(connection, null, schoolId, from, to);
    }

    private static async Task<IReadOnlyList<CalendarDay>> DaysAsync(DbConnection connection, DbTransaction? transaction, long schoolId,
        DateOnly from, DateOnly to)
    {
        var settings = await SchoolRuleSettings.LoadAsync(connection, schoolId, transaction);
        var (first, last) = (Day(from), Day(to));
        var holidays = (await connection.QueryAsync<Holiday>("""
            SELECT name AS Name, from_day AS FromDay, to_day AS ToDay FROM school_holidays
            WHERE school_id = @schoolId AND to_day >= @first AND from_day <= @last ORDER BY from_day, id
            """, new { schoolId, first, last }, transaction)).ToList();
        var exceptions = (await connection.QueryAsync<Exception>(
            "SELECT day AS Day, school_day AS SchoolDay, note AS Note FROM school_days WHERE school_id = @schoolId AND day >= @first AND day <= @last",
            new { schoolId, first, last }, transaction)).ToDictionary(e => e.Day, StringComparer.Ordinal);

        var days = new List<CalendarDay>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var text = Day(day);
            // 'yyyy-MM-dd' compares as the dates do.
            var holiday = holidays.FirstOrDefault(h => string.CompareOrdinal(h.FromDay, text) <= 0 && string.CompareOrdinal(h.ToDay, text) >= 0);
            var exception = exceptions.GetValueOrDefault(text);
            var (schoolDay, why, note) = CalendarReasons.Classify(day, settings.SchoolWeek, holiday?.Name,
                exception is null ? null : exception.SchoolDay != 0, exception?.Note);
            days.Add(new CalendarDay(text, schoolDay, why, note));
        }

        return days;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
