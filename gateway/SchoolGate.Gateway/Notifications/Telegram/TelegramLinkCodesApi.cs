using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Onboarding parents to the school's bot: a link code for one guardian, or a printable sheet of
/// fresh codes for every guardian of a school's students. Both write (a code per guardian, the
/// older unused ones void) and are audited, so both are POSTs. School admins, their school only.
/// </summary>
public static class TelegramLinkCodesApi
{
    public static RouteGroupBuilder MapTelegramLinkCodesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/guardians/{id:long}/telegram-link-code", IssueAsync).WithTags("Telegram").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("A one-time code (and t.me deep link) that links a guardian's Telegram to the school's bot");
        api.MapPost("/schools/{id:long}/telegram-link-codes", SheetAsync).WithTags("Telegram").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("A printable HTML sheet with a fresh link code for each guardian of the school's students (not yet linked ones, or all with ?all=true)")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
        return api;
    }

    private static async Task<Results<Created<LinkCode>, ValidationProblem, ProblemHttpResult>> IssueAsync(long id, long? schoolId,
        StaffUser user, AuditActor actor, IDbConnectionFactory db, TelegramBots bots, LinkCodes codes, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.GuardianVisibleAsync(id, user.ScopeSchoolId))
        {
            return Problems.NotFound("Guardian", id);
        }

        // A school's staff issue codes for their own school's bot; a region admin names the school
        // when the guardian's children are at several.
        var school = user.IsRegionWide ? schoolId ?? await OnlySchoolOfGuardianAsync(connection, id) : user.SchoolId;
        if (school is null)
        {
            return Problems.Invalid("schoolId", "schoolId is required: the guardian belongs to no school or to several.");
        }

        if (schoolId is not null && (schoolId != school || !await connection.GuardianVisibleAsync(id, schoolId)))
        {
            return Problems.Invalid("schoolId", $"Guardian {id} belongs to no school {schoolId}.");
        }

        if (bots.ForSchool(school) is not { Username.Length: > 0 } bot)
        {
            return NoBot(school.Value);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var code = await codes.IssueAsync(connection, transaction, actor, id, school.Value, bot);
        await transaction.CommitAsync(ct);
        return TypedResults.Created((string?)null, code);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SheetAsync(long id, bool? all, StaffUser user, AuditActor actor,
        IDbConnectionFactory db, TelegramBots bots, LinkCodes codes, SchoolClock clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var name = user.CanSee(id) ? await connection.QuerySingleOrDefaultAsync<string>("SELECT name FROM schools WHERE id = @id", new { id }) : null;
        if (name is null)
        {
            return Problems.NotFound("School", id);
        }

        if (bots.ForSchool(id) is not { Username.Length: > 0 } bot)
        {
            return NoBot(id);
        }

        var rows = await connection.QueryAsync<SheetRow>(
            $"""
            SELECT g.id AS GuardianId, g.first_name AS FirstName, g.last_name AS LastName, g.language AS Language, s.first_name AS ChildFirstName
            FROM guardians g
            JOIN student_guardians sg ON sg.guardian_id = g.id
            JOIN students s ON s.id = sg.student_id
            WHERE s.school_id = @id AND s.active = 1 {(all == true ? "" : "AND g.telegram_chat_id IS NULL")}
            ORDER BY g.last_name, g.first_name, g.id, s.first_name
            """,
            new { id });
        var slips = new List<LinkCodeSheet.Slip>();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var guardian in rows.GroupBy(r => r.GuardianId))
        {
            var first = guardian.First();
            var code = await codes.IssueAsync(connection, transaction, actor, first.GuardianId, id, bot);
            slips.Add(new LinkCodeSheet.Slip($"{first.FirstName} {first.LastName}", [.. guardian.Select(r => r.ChildFirstName)], first.Language, code));
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Content(LinkCodeSheet.Render(name, bot.Username, slips, clock.DayOf), "text/html; charset=utf-8");
    }

    private static async Task<long?> OnlySchoolOfGuardianAsync(System.Data.Common.DbConnection connection, long guardianId)
    {
        var schools = (await connection.QueryAsync<long>(
            """
            SELECT school_id FROM guardians WHERE id = @guardianId AND school_id IS NOT NULL
            UNION
            SELECT s.school_id FROM student_guardians sg JOIN students s ON s.id = sg.student_id WHERE sg.guardian_id = @guardianId
            """,
            new { guardianId })).ToList();
        return schools.Count == 1 ? schools[0] : null;
    }

    private static ProblemHttpResult NoBot(long schoolId) =>
        Problems.Conflict($"No Telegram bot with a Username serves school {schoolId}: add one to Telegram:Bots (with the school in its SchoolIds, or a bot that lists none).");

    private sealed record SheetRow(long GuardianId, string FirstName, string LastName, string? Language, string ChildFirstName);
}
