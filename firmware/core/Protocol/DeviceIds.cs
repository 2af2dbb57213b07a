namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// Device and card ids use a small ASCII alphabet because they appear in topic names
    /// (no '/', '+', '#'); mirrors device-sdk's DeviceIds.
    /// </summary>
    public static class DeviceIds
    {
        public const int MaxLength = 64;

        public static bool IsValid(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
