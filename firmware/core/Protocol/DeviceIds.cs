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
            if (id == null)
            {
                return false;
            }

            // One conversion, then O(1) indexing: on nanoFramework a string is UTF-8 inside the
            // CLR and id[i] walks it from the start (nf-interpreter src/CLR/CorLib/corlib_native_System_String.cpp).
            char[] chars = id.ToCharArray();
            if (chars.Length == 0 || chars.Length > MaxLength)
            {
                return false;
            }

            for (int i = 0; i < chars.Length; i++)
            {
                if (!IsIdCharacter(chars[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The same rule over ASCII bytes [start, start+count), as ids travel inside payloads.</summary>
        public static bool IsValid(byte[] id, int start, int count)
        {
            if (id == null || count <= 0 || count > MaxLength)
            {
                return false;
            }

            for (int i = start; i < start + count; i++)
            {
                if (!IsIdCharacter(id[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsIdCharacter(int c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == ':';
        }
    }
}
