using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// Signs a request in as the account whose API key it carries (<c>X-Api-Key: sgk_...</c> or
/// <c>Authorization: Bearer sgk_...</c>). Checked against the store on every request, so a revoked
/// key or a disabled account stops at once.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffApiKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        var account = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var principal = new ClaimsPrincipal(StaffTokens.Identity(account, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The API key a request carries, if any.</summary>
    public static string? Presented(HttpRequest request)
    {
        if (request.Headers[Header].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer " + StaffApiKeys.Marker, StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
