using System.Security.Cryptography;
using System.Text;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// The shape shared by every API key the gateway issues, <c>{marker}{prefix}_{secret}</c> (staff
/// keys <c>sgk_</c>, transport operators' keys <c>sgt_</c>): a public prefix to find the row by
/// and 256 random bits of secret, of which only a SHA-256 is stored. The secret has no
/// dictionary to guess from, so a plain hash is safe and cheap to check on every request.
/// </summary>
public static class ApiKeySecrets
{
    public sealed record Issued(string Prefix, string SecretHash, string Key);

    public static Issued New(string marker)
    {
        var prefix = Base32(RandomNumberGenerator.GetBytes(5));
        var secret = Base32(RandomNumberGenerator.GetBytes(32));
        return new Issued(prefix, Hash(secret), $"{marker}{prefix}_{secret}");
    }

    /// <summary>Splits a presented key into its prefix and secret; false when it does not have the shape.</summary>
    public static bool TryParse(string presented, out string prefix, out string secret)
    {
        var parts = presented.Split('_');
        if (parts is [_, var p, var s] && p.Length > 0 && s.Length > 0)
        {
            (prefix, secret) = (p, s);
            return true;
        }

        (prefix, secret) = ("", "");
        return false;
    }

    /// <summary>Compares in constant time, so the answer's timing tells nothing about the stored hash.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    // Lower-case base32 without padding: no '_' (the separator), safe in headers and shells.
    private static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index++] = alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, index);
    }
}
