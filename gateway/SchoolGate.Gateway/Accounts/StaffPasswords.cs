using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// Staff passwords: ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, salted,
/// versioned so a future format rehashes on sign-in). Humans choose these, unlike device secrets,
/// so the hash is deliberately slow.
/// </summary>
public static class StaffPasswords
{
    public const int MinLength = 10;
    public const int MaxLength = 200;

    private static readonly PasswordHasher<object> Hasher = new();

    // No 0/O/1/l/I: read off a screen and typed by a person.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Hash(string password) => Hasher.HashPassword(Placeholder, password);

    public static bool Verify(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword(Placeholder, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A password for the account's owner to change: 16 characters, ~94 bits.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 16);

    public static string? Problem(string? password) => password switch
    {
        null or "" => "password is required.",
        { Length: < MinLength } => $"password must be at least {MinLength} characters.",
        { Length: > MaxLength } => $"password must be at most {MaxLength} characters.",
        _ => null,
    };

    private static readonly object Placeholder = new();
}
