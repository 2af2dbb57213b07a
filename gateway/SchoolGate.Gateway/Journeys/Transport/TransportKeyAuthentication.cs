using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Journeys.Transport;

/// <summary>
/// Signs a request in as the transport operator whose key it carries (<c>X-Api-Key: sgt_...</c> or
/// <c>Authorization: Bearer sgt_...</c>), checked against the store on every request, so a revoked
/// key stops at once. Only the intake's policy (<see cref="Policy"/>) uses this scheme: an
/// operator's key opens nothing else, and no staff credential opens the intake.
/// </summary>
public sealed class TransportKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TransportKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TransportOperator";
    public const string Policy = "transport-operator";
    public const string OperatorClaim = "transport_operator_id";
    public const string KeyClaim = "transport_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.AuthenticateAsync(presented, Context.RequestAborted) is not { } caller)
        {
            return AuthenticateResult.Fail("Unknown or revoked transport operator key.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "transport-operator:" + caller.OperatorId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, caller.Name),
            new Claim(OperatorClaim, caller.OperatorId.ToString(CultureInfo.InvariantCulture)),
            new Claim(KeyClaim, caller.KeyId.ToString(CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static long OperatorIdOf(ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(OperatorClaim) ?? throw new InvalidOperationException("Not signed in as a transport operator."),
            CultureInfo.InvariantCulture);

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[Accounts.ApiKeyAuthenticationHandler.Header].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
