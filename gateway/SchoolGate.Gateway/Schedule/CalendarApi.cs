using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schedule;

/// <param name="Days">Lower-case English day names, e.g. ["monday", ..., "saturday"].</param>
public sealed record PutSchoolWeek([property: Required(ErrorMessage = "days is required (a list of day names).")] string[]? Days);

/// <param name="From">First day off, school-local 'yyyy-MM-dd'.</param>
/// <param name="To">Last day off (inclusive).</param>
public sealed record CreateHoliday(
    [property: Required(ErrorMessage = "name is required."), StringLength(100, ErrorMessage = "name must be at most 100 characters.")] string? Name,
    [property: Required(ErrorMessage = "from is required (yyyy-MM-dd).")] string? From,
    [property: Required(ErrorMessage = "to is required (yyyy-MM-dd).")] string? To);

public sealed record Holiday(long Id, long SchoolId, string Name, string From, string To);

/// <param name="SchoolDay">True: a school day whatever the week says (a Saturday made up); false: a day off.</param>
public sealed record PutExceptionalDay(
    [property: Required(ErrorMessage = "schoolDay is required (true or false).")] bool? SchoolDay,
    [property: StringLength(100, ErrorMessage = "note must be at most 100 characters.")] string? Note);

public sealed record ExceptionalDay(long SchoolId, string Date, bool SchoolDay, string? Note);

public sealed record CalendarView(long SchoolId, string[] SchoolWeek, Holiday[] Holidays, ExceptionalDay[] ExceptionalDays, CalendarDay[] Days);

public static class CalendarApi
{
    public const int MaxDays = 366;

    private const string SelectHoliday =
        "SELECT id AS Id, school_id AS SchoolId, name AS Name, from_day AS \"From\", to_day AS \"To\" FROM school_holidays";

    private sealed record ExceptionalRow(long SchoolId, string Date, long SchoolDay, string? Note)
    {
        public ExceptionalDay ToDay() => new(SchoolId, Date, SchoolDay != 0, Note);
    }

    private const string SelectExceptional =
        "SELECT school_id AS SchoolId, day AS Date, school_day AS SchoolDay, note AS Note FROM school_days";

    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder school)
    {
        school.MapGet("/calendar", GetAsync).WithSummary("Which days from..to are school days and why (the week, holidays, exceptional days)");
        school.MapPut("/calendar/week", PutWeekAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("The school's teaching days (default monday-friday)");
        school.MapPost("/calendar/holidays", CreateHolidayAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Add holidays: a named range of days off");
        school.MapDelete("/calendar/holidays/{holidayId:long}", DeleteHolidayAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Remove holidays");
        school.MapPut("/calendar/days/{date}", PutDayAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Make a date a school day or a day off, whatever the week and holidays say");
        school.MapDelete("/calendar/days/{date}", DeleteDayAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Remove an exceptional day (the week and holidays decide again)");
        return school;
    }

    /// <param name="from">First date (yyyy-MM-dd), default today (school-local).</param>
    /// <param name="to">Last date (inclusive), default from + 30 days; at most 366 days.</param>
    private static async Task<Results<Ok<CalendarView>, ValidationProblem, ProblemHttpResult>> GetAsync(long id, string? from, string? to,
        StaffUser user, IDbConnectionFactory db, SchoolCalendar calendar, SchoolClock clock, CancellationToken ct)
    {
        var first = clock.Today;
        var last = first;
        var checks = new FieldChecks()
            .Check(from is null || SchoolCalendar.TryParseDay(from, out first), "from", "from must be a date in the form yyyy-MM-dd.")
            .Check(to is null || SchoolCalendar.TryParseDay(to, out last), "to", "to must be a date in the form yyyy-MM-dd.");
        if (to is null)
        {
            last = first.AddDays(30);
        }

        checks.Check(!checks.IsValid || (last >= first && last.DayNumber - first.DayNumber < MaxDays), "to",
            $"to must be on or after from, at most {MaxDays} days in all.");
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var (firstText, lastText) = (SchoolCalendar.Day(first), SchoolCalendar.Day(last));
        var settings = await SchoolRuleSettings.LoadAsync(connection, id);
        var holidays = await connection.QueryAsync<Holiday>(
            SelectHoliday + " WHERE school_id = @id AND to_day >= @firstText AND from_day <= @lastText ORDER BY from_day, id",
            new { id, firstText, lastText });
        var exceptional = await connection.QueryAsync<ExceptionalRow>(
            SelectExceptional + " WHERE school_id = @id AND day >= @firstText AND day <= @lastText ORDER BY day", new { id, firstText, lastText });
        var days = await calendar.DaysAsync(id, first, last, ct);
        return TypedResults.Ok(new CalendarView(id, SchoolWeek.Names(settings.SchoolWeek), [.. holidays],
            [.. exceptional.Select(e => e.ToDay())], [.. days]));
    }

    private static async Task<Results<Ok<string[]>, ValidationProblem, ProblemHttpResult>> PutWeekAsync(long id, PutSchoolWeek body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        if (SchoolWeek.Parse(body.Days!) is not { } mask)
        {
            return Problems.Invalid("days", "days must be day names: monday, tuesday, wednesday, thursday, friday, saturday, sunday.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await SchoolRuleSettings.LoadAsync(connection, id, transaction);
        await (before with { SchoolWeek = mask }).SaveAsync(connection, id, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "school-week", id, id, SchoolWeek.Names(before.SchoolWeek),
            SchoolWeek.Names(mask));
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(SchoolWeek.Names(mask));
    }

    private static async Task<Results<Created<Holiday>, ValidationProblem, ProblemHttpResult>> CreateHolidayAsync(long id, CreateHoliday body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var checks = new FieldChecks()
            .Check(SchoolCalendar.TryParseDay(body.From, out var from), "from", "from must be a date in the form yyyy-MM-dd.")
            .Check(SchoolCalendar.TryParseDay(body.To, out var to), "to", "to must be a date in the form yyyy-MM-dd.");
        checks.Check(!checks.IsValid || to >= from, "to", "to must be on or after from.");
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var holiday = new Holiday(0, id, body.Name!.Trim(), SchoolCalendar.Day(from), SchoolCalendar.Day(to));
        await using var transaction = await connection.BeginTransactionAsync(ct);
        holiday = holiday with
        {
            Id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO school_holidays (school_id, name, from_day, to_day) VALUES (@SchoolId, @Name, @From, @To) RETURNING id",
                holiday, transaction),
        };
        await audit.RecordAsync(connection, transaction, actor, "create", "school-holiday", holiday.Id, id, null, holiday);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/schools/{id}/calendar/holidays/{holiday.Id}", holiday);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteHolidayAsync(long id, long holidayId, StaffUser user,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<Holiday>(SelectHoliday + " WHERE id = @holidayId AND school_id = @id",
            new { id, holidayId }, transaction);
        if (before is null)
        {
            return Problems.NotFound("Holiday", holidayId);
        }

        await connection.ExecuteAsync("DELETE FROM school_holidays WHERE id = @holidayId", new { holidayId }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "delete", "school-holiday", holidayId, id, before, null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ExceptionalDay>, ValidationProblem, ProblemHttpResult>> PutDayAsync(long id, string date,
        PutExceptionalDay body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        if (!SchoolCalendar.TryParseDay(date, out var day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var text = SchoolCalendar.Day(day);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<ExceptionalRow>(SelectExceptional + " WHERE school_id = @id AND day = @text",
            new { id, text }, transaction);
        var after = new ExceptionalDay(id, text, body.SchoolDay!.Value, body.Note?.Trim());
        await connection.ExecuteAsync("""
            INSERT INTO school_days (school_id, day, school_day, note) VALUES (@id, @text, @schoolDay, @Note)
            ON CONFLICT (school_id, day) DO UPDATE SET school_day = excluded.school_day, note = excluded.note
            """, new { id, text, schoolDay = after.SchoolDay ? 1 : 0, after.Note }, transaction);
        await audit.RecordAsync(connection, transaction, actor, before is null ? "create" : "update", "school-day", text, id, before?.ToDay(), after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteDayAsync(long id, string date, StaffUser user,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        if (!SchoolCalendar.TryParseDay(date, out var day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var text = SchoolCalendar.Day(day);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<ExceptionalRow>(SelectExceptional + " WHERE school_id = @id AND day = @text",
            new { id, text }, transaction);
        if (before is null)
        {
            return Problems.NotFound("Exceptional day", text);
        }

        await connection.ExecuteAsync("DELETE FROM school_days WHERE school_id = @id AND day = @text", new { id, text }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "delete", "school-day", text, id, before.ToDay(), null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
