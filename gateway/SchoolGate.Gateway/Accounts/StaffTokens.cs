using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SchoolGate.Gateway.Accounts;

/// <summary>Issues and describes the short-lived bearer tokens (JWT, HS256) staff get at sign-in.</summary>
public sealed class StaffTokens
{
    public const string Issuer = "schoolgate-gateway";
    public const string Audience = "schoolgate-api";

    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();

    public StaffTokens(IOptions<AuthOptions> options, TimeProvider time, ILogger<StaffTokens> logger)
    {
        _options = options.Value;
        _time = time;
        if (string.IsNullOrEmpty(_options.SigningKey))
        {
            logger.LogWarning("Auth:SigningKey is not set: bearer tokens are signed with a key made for this process; they stop working when it restarts and other gateway instances do not accept them");
        }

        SigningKey = new SymmetricSecurityKey(string.IsNullOrEmpty(_options.SigningKey)
            ? RandomNumberGenerator.GetBytes(32)
            : Encoding.UTF8.GetBytes(_options.SigningKey));
    }

    public SymmetricSecurityKey SigningKey { get; }

    public TimeSpan Lifetime => TimeSpan.FromMinutes(_options.TokenMinutes);

    public (string Token, DateTimeOffset ExpiresAt) Issue(StaffAccountRow account)
    {
        var now = _time.GetUtcNow();
        var expires = now + Lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = Identity(account, "jwt"),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The claims every sign-in method gives an account (what <see cref="StaffUser.From"/> reads).</summary>
    public static ClaimsIdentity Identity(StaffAccountRow account, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.Login),
            new(ClaimTypes.Role, account.Role),
            new(StaffUser.StampClaim, account.SecurityStamp),
        };
        if (account.SchoolId is { } school)
        {
            claims.Add(new Claim(StaffUser.SchoolClaim, school.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role);
    }

    /// <summary>Validation that matches <see cref="Issue"/>; token lifetimes are judged by the gateway's TimeProvider.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = ClaimTypes.Name,
        RoleClaimType = ClaimTypes.Role,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return notBefore is { } from && expires is { } until && from <= now && now < until;
        },
    };
}
