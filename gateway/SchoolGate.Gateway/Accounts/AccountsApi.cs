using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

/// <param name="SchoolId">Required for every role but region-admin; a school admin may omit it (their own school).</param>
/// <param name="Password">At least 10 characters; omitted: one is generated and returned once.</param>
public sealed record CreateAccount(
    [property: Required(ErrorMessage = "login is required."), StringLength(100, ErrorMessage = "login must be at most 100 characters.")] string? Login,
    [property: Required(ErrorMessage = "role is required."),
        AllowedValues(StaffRoles.RegionAdmin, StaffRoles.SchoolAdmin, StaffRoles.SecurityOfficer, StaffRoles.CanteenOperator,
            ErrorMessage = "role must be one of: region-admin, school-admin, security-officer, canteen-operator.")] string? Role,
    [property: Range(1, long.MaxValue, ErrorMessage = "schoolId must be a positive id.")] long? SchoolId,
    [property: StringLength(200, ErrorMessage = "displayName must be at most 200 characters.")] string? DisplayName,
    [property: StringLength(StaffPasswords.MaxLength, MinimumLength = StaffPasswords.MinLength, ErrorMessage = "password must be 10-200 characters.")]
    string? Password);

public sealed record UpdateAccount([property: Required(ErrorMessage = "disabled is required (true or false).")] bool? Disabled);

/// <param name="Password">The account's first password when the gateway generated it; shown only here. Null when the caller chose it.</param>
public sealed record CreatedAccount(StaffAccount Account, string? Password);

public sealed record PasswordReset(string Password);

/// <summary>
/// Staff accounts. Region admins manage every account; school admins the accounts of their own
/// school (school admins, security officers, canteen operators), and cannot make a region admin.
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts").RequireAuthorization(StaffPolicies.SchoolAdmin);
        accounts.MapPost("/", CreateAsync).WithSummary("Create a staff account");
        accounts.MapGet("/", ListAsync).WithSummary("Staff accounts (a school admin sees their own school's)");
        accounts.MapGet("/{id:long}", GetAsync).WithSummary("One staff account");
        accounts.MapPatch("/{id:long}", UpdateAsync).WithSummary("Disable or enable an account (ends its sessions and API keys at once)");
        accounts.MapPost("/{id:long}/password", ResetPasswordAsync).WithSummary("Give an account a new generated password (shown once)");
        return api;
    }

    private static async Task<Results<Created<CreatedAccount>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAccount body, StaffUser user, AuditActor actor, AccountStore accounts, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var schoolId = body.SchoolId ?? (user.IsRegionWide ? null : user.SchoolId);
        // The role itself is checked by the record's AllowedValues before this runs.
        var role = body.Role!;
        var validator = new FieldChecks()
            .Check(StaffRoles.IsSchoolScoped(role) || schoolId is null, "schoolId", "A region-admin belongs to no school: omit schoolId.")
            .Check(!StaffRoles.IsSchoolScoped(role) || schoolId is not null, "schoolId", $"A {role} needs schoolId.")
            .Check(user.IsRegionWide || role != StaffRoles.RegionAdmin, "role", "Only a region-admin can create a region-admin.");

        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        // Another school, like a school that does not exist, is not there for a school admin.
        if (schoolId is { } school && (!user.CanSee(school) || !await connection.SchoolExistsAsync(school)))
        {
            return Problems.Invalid("schoolId", $"School {school} does not exist.");
        }

        var password = body.Password ?? StaffPasswords.Generate();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var created = await accounts.CreateAsync(connection, transaction, body.Login!, body.DisplayName?.Trim(), body.Role!, schoolId, password);
        if (created is null)
        {
            return Problems.Conflict($"An account with the login '{body.Login!.Trim()}' already exists.");
        }

        await audit.RecordAsync(connection, transaction, actor, "create", "account", created.Id, created.SchoolId, null, created.ToAccount());
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/accounts/{created.Id}",
            new CreatedAccount(created.ToAccount(), body.Password is null ? password : null));
    }

    private static async Task<Ok<StaffAccount[]>> ListAsync(StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<StaffAccountRow>(
            AccountStore.SelectAccount + " WHERE @scope IS NULL OR school_id = @scope ORDER BY id", new { scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => r.ToAccount()).ToArray());
    }

    private static async Task<Results<Ok<StaffAccount>, ProblemHttpResult>> GetAsync(long id, StaffUser user, AccountStore accounts, CancellationToken ct) =>
        await VisibleAsync(id, user, accounts, ct) is { } account ? TypedResults.Ok(account.ToAccount()) : Problems.NotFound("Account", id);

    private static async Task<Results<Ok<StaffAccount>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, UpdateAccount body, StaffUser user, AuditActor actor, AccountStore accounts, AuditLog audit, IDbConnectionFactory db,
        CancellationToken ct)
    {
        var disabled = body.Disabled!.Value;
        if (await VisibleAsync(id, user, accounts, ct) is not { } before)
        {
            return Problems.NotFound("Account", id);
        }

        if (id == user.AccountId && disabled)
        {
            return Problems.Invalid("disabled", "An account cannot disable itself.");
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await accounts.SetDisabledAsync(connection, transaction, id, disabled);
        var after = (await AccountStore.FindAsync(connection, transaction, id))!;
        await audit.RecordAsync(connection, transaction, actor, disabled ? "disable" : "enable", "account", id, after.SchoolId,
            before.ToAccount(), after.ToAccount());
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after.ToAccount());
    }

    private static async Task<Results<Ok<PasswordReset>, ProblemHttpResult>> ResetPasswordAsync(
        long id, StaffUser user, AuditActor actor, AccountStore accounts, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        if (await VisibleAsync(id, user, accounts, ct) is not { } account)
        {
            return Problems.NotFound("Account", id);
        }

        var password = StaffPasswords.Generate();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await accounts.SetPasswordAsync(connection, transaction, id, password);
        await audit.RecordAsync(connection, transaction, actor, "reset-password", "account", id, account.SchoolId, null, null);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new PasswordReset(password));
    }

    // A school admin manages only their school's accounts, and never a region admin's.
    private static async Task<StaffAccountRow?> VisibleAsync(long id, StaffUser user, AccountStore accounts, CancellationToken ct) =>
        await accounts.FindAsync(id, ct) is { } account && (user.IsRegionWide || (account.SchoolId is { } school && user.CanSee(school)))
            ? account
            : null;
}
