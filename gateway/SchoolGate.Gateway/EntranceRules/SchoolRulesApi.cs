using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.EntranceRules;

/// <summary>A change of a school's rule settings: a field left out (null) keeps its value.</summary>
public sealed record PutSchoolRules(bool? CheckCalendar, bool? CheckShifts, bool? AntiPassback, int? AbsentAfterMinutes, int? OverrideMinutes);

/// <param name="AbsentAfterMinutes">Minutes after a shift starts from which a child of it who is not in counts as absent.</param>
/// <param name="OverrideMinutes">How long a staff override waits for the child's entry.</param>
public sealed record SchoolRules(long SchoolId, bool CheckCalendar, bool CheckShifts, bool AntiPassback, int AbsentAfterMinutes,
    int OverrideMinutes, string[] SchoolWeek)
{
    public static SchoolRules From(long schoolId, SchoolRuleSettings s) =>
        new(schoolId, s.CheckCalendar, s.CheckShifts, s.AntiPassback, s.AbsentAfterMinutes, s.OverrideMinutes, Schedule.SchoolWeek.Names(s.SchoolWeek));
}

public static class SchoolRulesApi
{
    public const int MaxAbsentAfterMinutes = 600;
    public const int MaxOverrideMinutes = 120;

    public static RouteGroupBuilder MapSchoolRulesApi(this RouteGroupBuilder school)
    {
        school.MapGet("/rules", GetAsync).WithSummary("The school's entrance rule settings");
        school.MapPut("/rules", PutAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Turn the calendar, shift and anti-passback checks on or off; absent-after and override minutes");
        return school;
    }

    private static async Task<Results<Ok<SchoolRules>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.SchoolVisibleAsync(user, id)
            ? TypedResults.Ok(SchoolRules.From(id, await SchoolRuleSettings.LoadAsync(connection, id)))
            : Problems.NotFound("School", id);
    }

    private static async Task<Results<Ok<SchoolRules>, ValidationProblem, ProblemHttpResult>> PutAsync(long id, PutSchoolRules body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var checks = new FieldChecks()
            .Check(body.AbsentAfterMinutes is null or (>= 0 and <= MaxAbsentAfterMinutes), "absentAfterMinutes",
                $"absentAfterMinutes must be between 0 and {MaxAbsentAfterMinutes}.")
            .Check(body.OverrideMinutes is null or (>= 1 and <= MaxOverrideMinutes), "overrideMinutes",
                $"overrideMinutes must be between 1 and {MaxOverrideMinutes}.");
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
        var before = await SchoolRuleSettings.LoadAsync(connection, id, transaction);
        var after = before with
        {
            CheckCalendar = body.CheckCalendar ?? before.CheckCalendar,
            CheckShifts = body.CheckShifts ?? before.CheckShifts,
            AntiPassback = body.AntiPassback ?? before.AntiPassback,
            AbsentAfterMinutes = body.AbsentAfterMinutes ?? before.AbsentAfterMinutes,
            OverrideMinutes = body.OverrideMinutes ?? before.OverrideMinutes,
        };
        await after.SaveAsync(connection, id, transaction);
        await audit.RecordAsync(connection, transaction, actor, "update", "school-rules", id, id, SchoolRules.From(id, before),
            SchoolRules.From(id, after));
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(SchoolRules.From(id, after));
    }
}
