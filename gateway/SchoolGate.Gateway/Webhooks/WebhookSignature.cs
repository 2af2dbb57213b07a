using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// How a delivery proves it comes from this gateway: X-SchoolGate-Signature is
/// "sha256=" + lowercase hex of HMAC-SHA256(secret, timestamp + "." + body), the key being the
/// secret's UTF-8 bytes and the timestamp X-SchoolGate-Timestamp (unix seconds). Signing the
/// timestamp with the body lets a receiver refuse an old delivery replayed with a valid signature.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-SchoolGate-Signature";
    public const string TimestampHeader = "X-SchoolGate-Timestamp";
    public const string DeliveryHeader = "X-SchoolGate-Delivery";
    public const string EventHeader = "X-SchoolGate-Event";

    private const string Prefix = "whsec_";

    /// <summary>32 random bytes: shown once at creation or rotation, kept only to sign.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = timestamp.ToString(CultureInfo.InvariantCulture) + "." + body;
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed)));
    }
}
