using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace SchoolGate.Gateway.Accounts;

public static class AccountsExtensions
{
    /// <summary>The scheme every request is authenticated with; it picks API key, bearer token or cookie.</summary>
    public const string StaffScheme = "staff";

    public const string SessionCookie = "schoolgate.session";

    /// <summary>Staff accounts, sign-in (JWT bearer, API keys, the dashboard's cookie) and the role policies.</summary>
    public static WebApplicationBuilder AddStaffAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || System.Text.Encoding.UTF8.GetByteCount(o.SigningKey) >= AuthOptions.MinSigningKeyBytes,
                $"{AuthOptions.Section}:{nameof(AuthOptions.SigningKey)} must be at least {AuthOptions.MinSigningKeyBytes} bytes (or empty for a key per process).")
            .Validate(o => o.TokenMinutes is >= 1 and <= 24 * 60, $"{AuthOptions.Section}:{nameof(AuthOptions.TokenMinutes)} must be 1-1440.")
            .Validate(o => o.SessionMinutes is >= 1 and <= 7 * 24 * 60, $"{AuthOptions.Section}:{nameof(AuthOptions.SessionMinutes)} must be 1-10080.")
            .Validate(o => string.IsNullOrWhiteSpace(o.BootstrapLogin) || StaffPasswords.Problem(o.BootstrapPassword) is null,
                $"{AuthOptions.Section}:{nameof(AuthOptions.BootstrapLogin)} needs {AuthOptions.Section}:{nameof(AuthOptions.BootstrapPassword)} of at least {StaffPasswords.MinLength} characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<StaffApiKeys>();
        builder.Services.AddSingleton<StaffTokens>();
        builder.Services.AddSingleton<StaffLoginThrottle>();
        builder.Services.AddSingleton<StaffSignIn>();
        builder.Services.AddHostedService<AccountBootstrapper>();

        builder.Services.AddAuthentication(StaffScheme)
            .AddPolicyScheme(StaffScheme, "API key, bearer token or dashboard session", o => o.ForwardDefaultSelector = SchemeOf)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer()
            .AddCookie(o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                // Never sent on a request another site starts: the cookie cannot be used for CSRF.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) =>
            {
                o.ExpireTimeSpan = TimeSpan.FromMinutes(auth.Value.SessionMinutes);
                o.Events = new CookieAuthenticationEvents
                {
                    // An API answers 401/403; it does not redirect to a login page.
                    OnRedirectToLogin = context => Answer(context.HttpContext, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Answer(context.HttpContext, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = async context =>
                    {
                        if (!await IsCurrentAsync(context.HttpContext, context.Principal))
                        {
                            context.RejectPrincipal();
                            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        }
                    },
                };
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<StaffTokens>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        if (!await IsCurrentAsync(context.HttpContext, context.Principal))
                        {
                            context.Fail("The account was disabled or its password changed since the token was issued.");
                        }
                    },
                };
            });
        builder.Services.AddAuthorization(StaffPolicies.Add);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ChallengeCounter>();
        return builder;
    }

    private static string SchemeOf(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.Presented(context.Request) is not null)
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        return context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? JwtBearerDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static async Task<bool> IsCurrentAsync(HttpContext context, System.Security.Claims.ClaimsPrincipal? principal)
    {
        if (principal is null)
        {
            return false;
        }

        var user = StaffUser.From(principal);
        return await context.RequestServices.GetRequiredService<AccountStore>()
            .IsCurrentAsync(user.AccountId, principal.FindFirst(StaffUser.StampClaim)?.Value, context.RequestAborted);
    }

    private static Task Answer(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
