using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Accounts;

public sealed record SignInRequest(
    [property: Required(ErrorMessage = "login is required."), StringLength(100, ErrorMessage = "login must be at most 100 characters.")] string? Login,
    [property: Required(ErrorMessage = "password is required."), StringLength(StaffPasswords.MaxLength, ErrorMessage = "password is too long.")] string? Password);

/// <param name="AccessToken">Send as <c>Authorization: Bearer {accessToken}</c> until <paramref name="ExpiresAt"/>.</param>
public sealed record SignedIn(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, StaffAccount Account);

/// <summary>The dashboard's cookie session was opened; it is renewed while used, up to Auth:SessionMinutes idle.</summary>
public sealed record SessionOpened(StaffAccount Account, DateTimeOffset ExpiresAt);

public sealed record ChangePassword(
    [property: Required(ErrorMessage = "currentPassword is required.")] string? CurrentPassword,
    [property: Required(ErrorMessage = "newPassword is required."),
        StringLength(StaffPasswords.MaxLength, MinimumLength = StaffPasswords.MinLength, ErrorMessage = "newPassword must be 10-200 characters.")] string? NewPassword);

public sealed record CreateApiKey(
    [property: Required(ErrorMessage = "name is required."), StringLength(100, ErrorMessage = "name must be at most 100 characters.")] string? Name);

/// <summary>Sign-in (bearer token for scripts and apps, cookie session for the dashboard), the signed-in account, its API keys.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(ApiRateLimits.SignIn)
            .WithSummary("Sign in for a bearer token")
            .WithDescription("Answers 401 for an unknown login, a wrong password or a disabled account alike; 429 (Retry-After) after too many wrong passwords.");
        auth.MapPost("/session", OpenSessionAsync).AllowAnonymous().RequireRateLimiting(ApiRateLimits.SignIn)
            .WithSummary("Sign in the dashboard (cookie session)");
        auth.MapPost("/logout", (Delegate)LogoutAsync).AllowAnonymous().WithSummary("End the dashboard's cookie session");
        auth.MapGet("/me", MeAsync).WithSummary("The signed-in account");
        auth.MapPost("/password", ChangePasswordAsync).WithSummary("Change the signed-in account's password (ends its other sessions)");
        auth.MapGet("/keys", ListKeysAsync).WithSummary("The signed-in account's API keys");
        auth.MapPost("/keys", CreateKeyAsync).WithSummary("Make an API key for scripts; the key is shown once");
        auth.MapDelete("/keys/{id:long}", RevokeKeyAsync).WithSummary("Revoke one of the signed-in account's API keys");
        return api;
    }

    private static async Task<Results<Ok<SignedIn>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        SignInRequest body, StaffSignIn signIn, StaffTokens tokens, HttpContext context, CancellationToken ct)
    {
        var (account, invalid, refused) = await CheckAsync(body, signIn, context, ct);
        if (account is null)
        {
            return invalid is not null ? invalid : refused!;
        }

        var (token, expires) = tokens.Issue(account);
        return TypedResults.Ok(new SignedIn(token, "Bearer", expires, account.ToAccount()));
    }

    private static async Task<Results<Ok<SessionOpened>, ValidationProblem, ProblemHttpResult>> OpenSessionAsync(
        SignInRequest body, StaffSignIn signIn, IOptions<AuthOptions> options, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var (account, invalid, refused) = await CheckAsync(body, signIn, context, ct);
        if (account is null)
        {
            return invalid is not null ? invalid : refused!;
        }

        var expires = time.GetUtcNow().AddMinutes(options.Value.SessionMinutes);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(StaffTokens.Identity(account, CookieAuthenticationDefaults.AuthenticationScheme)),
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = expires });
        return TypedResults.Ok(new SessionOpened(account.ToAccount(), expires));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<StaffAccount>, ProblemHttpResult>> MeAsync(StaffUser user, AccountStore accounts, CancellationToken ct) =>
        await accounts.FindAsync(user.AccountId, ct) is { } account
            ? TypedResults.Ok(account.ToAccount())
            : Problems.NotFound("Account", user.AccountId);

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePassword body, StaffUser user, AuditActor actor, AccountStore accounts, AuditLog audit, IDbConnectionFactory db,
        CancellationToken ct)
    {
        var account = await accounts.FindAsync(user.AccountId, ct);
        if (account is null || body.CurrentPassword is null || !StaffPasswords.Verify(account.PasswordHash, body.CurrentPassword))
        {
            return Problems.Invalid("currentPassword", "currentPassword is not the account's password.");
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await accounts.SetPasswordAsync(connection, transaction, account.Id, body.NewPassword!);
        await audit.RecordAsync(connection, transaction, actor, "change-password", "account", account.Id, account.SchoolId, null, null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<StaffApiKey[]>> ListKeysAsync(StaffUser user, StaffApiKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(user.AccountId, ct));

    private static async Task<Created<NewStaffApiKey>> CreateKeyAsync(
        CreateApiKey body, StaffUser user, AuditActor actor, StaffApiKeys keys, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var key = await keys.CreateAsync(connection, transaction, user.AccountId, body.Name!.Trim());
        await audit.RecordAsync(connection, transaction, actor, "create", "api-key", key.Id, user.SchoolId, null,
            new { key.Id, key.Name, key.Prefix, accountId = user.AccountId });
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/auth/keys/{key.Id}", key);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        long id, StaffUser user, AuditActor actor, StaffApiKeys keys, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await keys.RevokeAsync(connection, transaction, user.AccountId, id))
        {
            return Problems.NotFound("API key", id);
        }

        await audit.RecordAsync(connection, transaction, actor, "revoke", "api-key", id, user.SchoolId, null, null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<(StaffAccountRow? Account, ValidationProblem? Invalid, ProblemHttpResult? Refused)> CheckAsync(
        SignInRequest body, StaffSignIn signIn, HttpContext context, CancellationToken ct)
    {
        var result = await signIn.SignInAsync(body.Login!, body.Password!, context.Connection.RemoteIpAddress, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                return (result.Account, null, null);
            case SignInOutcome.Throttled:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong passwords",
                    detail: "This login is refused from this address for a while; try again later."));
            default:
                return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused",
                    detail: "Wrong login or password, or the account is disabled."));
        }
    }
}
