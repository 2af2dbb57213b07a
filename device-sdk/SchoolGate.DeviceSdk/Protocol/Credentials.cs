namespace SchoolGate.DeviceSdk.Protocol;

/// <summary>
/// Credential ids of protocol v1 that are not cards: a fingerprint module's match travels as an
/// ordinary access request whose card id is <c>fp:{templateId}</c>, resolved by the gateway through
/// the enrollments of the device that sent it (template numbers are per module).
/// </summary>
public static class Credentials
{
    public const string FingerprintPrefix = "fp:";

    public static string Fingerprint(int templateId) => FingerprintPrefix + templateId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True for <c>fp:N</c> with N a canonical non-negative int (no sign, no leading zero); false for anything else.</summary>
    public static bool TryParseFingerprint(string? cardId, out int templateId)
    {
        templateId = -1;
        if (cardId is null || !cardId.StartsWith(FingerprintPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = cardId.AsSpan(FingerprintPrefix.Length);
        if (digits.IsEmpty || digits.Length > 10 || (digits[0] == '0' && digits.Length > 1))
        {
            return false;
        }

        long value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        if (value > int.MaxValue)
        {
            return false;
        }

        templateId = (int)value;
        return true;
    }
}
