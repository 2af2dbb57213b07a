using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schedule;

/// <param name="StartsAt">School-local "HH:mm".</param>
public sealed record ShiftInput(int? Shift, string? StartsAt, string? EndsAt, int? EntryOpensBeforeMinutes);

public sealed record PutShifts(ShiftInput[]? Shifts);

/// <param name="EntryOpensAt">StartsAt less EntryOpensBeforeMinutes: from then until EndsAt the entrance lets this shift in.</param>
public sealed record Shift(int Number, string StartsAt, string EndsAt, int EntryOpensBeforeMinutes, string EntryOpensAt)
{
    public static Shift From(ShiftTimes s) =>
        new(s.Shift, ShiftTimes.Format(s.StartsAt), ShiftTimes.Format(s.EndsAt), s.EntryOpensBeforeMinutes, ShiftTimes.Format(s.EntryOpensAt));
}

/// <param name="Configured">False: the school has configured no shifts and runs on the default one (08:00-13:30).</param>
public sealed record SchoolShiftsView(long SchoolId, bool Configured, Shift[] Shifts);

public static class ShiftsApi
{
    public const int MaxEntryOpensBefore = 180;

    public static RouteGroupBuilder MapShiftsApi(this RouteGroupBuilder school)
    {
        school.MapGet("/shifts", GetAsync).WithSummary("The school's shifts (the default one when none are configured)");
        school.MapPut("/shifts", PutAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Replace the school's shifts (one or two; an empty list goes back to the default)");
        return school;
    }

    private static async Task<Results<Ok<SchoolShiftsView>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        return TypedResults.Ok(View(id, await SchoolShifts.ConfiguredAsync(connection, id)));
    }

    private static async Task<Results<Ok<SchoolShiftsView>, ValidationProblem, ProblemHttpResult>> PutAsync(long id, PutShifts body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var checks = new FieldChecks().Check(body.Shifts is { Length: <= 2 }, "shifts", "shifts must be a list of at most 2 shifts.");
        var shifts = new List<ShiftTimes>();
        for (var i = 0; i < (body.Shifts?.Length ?? 0) && checks.IsValid; i++)
        {
            var input = body.Shifts![i];
            var field = $"shifts[{i}]";
            checks.Check(input is not null, field, $"{field} must be an object.");
            if (input is null)
            {
                break;
            }

            var startOk = ShiftTimes.TryParse(input.StartsAt, out var starts);
            var endOk = ShiftTimes.TryParse(input.EndsAt, out var ends);
            checks.Check(input.Shift is 1 or 2, $"{field}.shift", $"{field}.shift must be 1 or 2.")
                .Check(input.Shift is null || shifts.All(s => s.Shift != input.Shift), $"{field}.shift", $"{field}.shift {input.Shift} is given twice.")
                .Check(startOk, $"{field}.startsAt", $"{field}.startsAt must be a local time HH:mm.")
                .Check(endOk, $"{field}.endsAt", $"{field}.endsAt must be a local time HH:mm.")
                .Check(!startOk || !endOk || ends > starts, $"{field}.endsAt", $"{field}.endsAt must be after startsAt.")
                .Check(input.EntryOpensBeforeMinutes is null or (>= 0 and <= MaxEntryOpensBefore), $"{field}.entryOpensBeforeMinutes",
                    $"{field}.entryOpensBeforeMinutes must be between 0 and {MaxEntryOpensBefore}.");
            if (checks.IsValid)
            {
                shifts.Add(new ShiftTimes(input.Shift!.Value, starts, ends, input.EntryOpensBeforeMinutes ?? 60));
            }
        }

        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = View(id, await SchoolShifts.ConfiguredAsync(connection, id, transaction));
        await connection.ExecuteAsync("DELETE FROM school_shifts WHERE school_id = @id", new { id }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO school_shifts (school_id, shift, starts_at, ends_at, entry_opens_before_minutes)
            VALUES (@id, @Shift, @StartsAt, @EndsAt, @EntryOpensBeforeMinutes)
            """, shifts.Select(s => new { id, s.Shift, s.StartsAt, s.EndsAt, s.EntryOpensBeforeMinutes }), transaction);
        var after = View(id, [.. shifts.OrderBy(s => s.Shift)]);
        await audit.RecordAsync(connection, transaction, actor, "update", "school-shifts", id, id, before, after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static SchoolShiftsView View(long schoolId, IReadOnlyList<ShiftTimes> configured) =>
        new(schoolId, configured.Count > 0, [.. (configured.Count > 0 ? configured : ShiftTimes.Defaults).Select(Shift.From)]);
}
