namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// Credential ids that are not cards, mirrored from device-sdk's Credentials: a fingerprint
    /// match is asked for as card id <c>fp:{templateId}</c>, which the gateway resolves through the
    /// enrollments of this device.
    /// </summary>
    public static class Credentials
    {
        public const string FingerprintPrefix = "fp:";

        /// <summary>Most digits of a non-negative int.</summary>
        private const int MaxDigits = 10;

        /// <summary>
        /// <c>fp:</c> and the template id in decimal, built in one char buffer: no string
        /// concatenation or formatting (culture tables) on the lane's hot path. Null for a negative id.
        /// </summary>
        public static string Fingerprint(int templateId)
        {
            if (templateId < 0)
            {
                return null;
            }

            // Not FingerprintPrefix[i]: indexing a string walks its UTF-8 from the start on nanoFramework.
            const int prefix = 3;
            char[] chars = new char[prefix + MaxDigits];
            chars[0] = 'f';
            chars[1] = 'p';
            chars[2] = ':';

            int digits = 1;
            for (int rest = templateId / 10; rest > 0; rest /= 10)
            {
                digits++;
            }

            int value = templateId;
            for (int i = prefix + digits - 1; i >= prefix; i--)
            {
                chars[i] = (char)('0' + value % 10);
                value /= 10;
            }

            return new string(chars, 0, prefix + digits);
        }
    }
}
