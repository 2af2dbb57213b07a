using System.Diagnostics.CodeAnalysis;

namespace SchoolGate.Gateway.Students;

/// <summary>
/// Guardians' phone numbers as Kazakhstan writes them, normalised to E.164 (+7 and ten digits),
/// the form the SMS provider is given. Kazakhstan shares country code 7 with Russia; its numbers
/// are the ones whose national part starts with 6 or 7 (Russia's start with 3, 4, 8 or 9), so a
/// Russian number is refused rather than texted at the foreign rate by mistake.
/// </summary>
public static class PhoneNumbers
{
    public const string Invalid =
        "phone must be a Kazakhstan number: +7 and 10 digits starting with 6 or 7, e.g. +7 701 234 56 78 or 8 (701) 234-56-78.";

    private const int NationalDigits = 10;

    /// <summary>
    /// Accepts "+7 701 234 56 78", "+7(701)234-56-78", "87012345678" (the domestic trunk prefix 8)
    /// and "77012345678"; spaces, hyphens and parentheses are only grouping. Anything else
    /// (letters, an extension, a '+' not in front, a number of another length) is refused.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var international = text[0] == '+';
        Span<char> digits = stackalloc char[NationalDigits + 1];
        var count = 0;
        foreach (var c in international ? text.AsSpan(1) : text.AsSpan())
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '(' or ')'))
            {
                return false;
            }
        }

        if (count != digits.Length)
        {
            return false;
        }

        // With '+' the first digit is the country code; without it, 8 is the domestic trunk prefix.
        var prefixOk = international ? digits[0] == '7' : digits[0] is '7' or '8';
        if (!prefixOk || digits[1] is not ('6' or '7'))
        {
            return false;
        }

        e164 = string.Concat("+7", digits[1..]);
        return true;
    }
}
