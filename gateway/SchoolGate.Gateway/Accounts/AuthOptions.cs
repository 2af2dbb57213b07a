namespace SchoolGate.Gateway.Accounts;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Shortest signing key accepted (HMAC-SHA256 wants at least 256 bits).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>
    /// Key that signs bearer tokens (text of at least 32 bytes). Every gateway instance behind one
    /// database needs the same one; empty: a random key per process (tokens end at a restart).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of a bearer token from POST /api/auth/login.</summary>
    public int TokenMinutes { get; set; } = 15;

    /// <summary>Lifetime of the dashboard's cookie session, renewed while it is used.</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>Wrong passwords for one login from one address before its sign-ins are refused unchecked for the window.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int FailedLoginWindowSeconds { get; set; } = 300;

    /// <summary>
    /// A region admin created at start when no account has this login (demo, tests, automated
    /// installs); its password is <see cref="BootstrapPassword"/>. Without it, a gateway with no
    /// account at all creates "admin" with a one-time password it prints once.
    /// </summary>
    public string? BootstrapLogin { get; set; }

    public string? BootstrapPassword { get; set; }
}
