using System.Security.Cryptography;

namespace SchoolGate.Gateway.Devices;

/// <summary>
/// Device MQTT passwords: 256-bit random secrets shown once, stored as salted PBKDF2-SHA256.
/// The secret is machine-generated (not a human password), so a moderate iteration count is
/// enough; it keeps a reconnect storm of hundreds of devices cheap on a 2-core gateway.
/// </summary>
public static class DeviceSecrets
{
    private const int Iterations = 10_000;
    private const int HashBytes = 32;

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static (string Hash, string Salt) Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(Derive(secret, salt)), Convert.ToBase64String(salt));
    }

    public static bool Verify(string? secret, string hash, string salt)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        byte[] expected;
        byte[] saltBytes;
        try
        {
            expected = Convert.FromBase64String(hash);
            saltBytes = Convert.FromBase64String(salt);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(secret, saltBytes), expected);
    }

    private static byte[] Derive(string secret, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
