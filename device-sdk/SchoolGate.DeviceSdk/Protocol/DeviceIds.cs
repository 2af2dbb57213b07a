namespace SchoolGate.DeviceSdk.Protocol;

/// <summary>
/// Device and card ids are restricted to a small ASCII alphabet: they appear in topic names
/// (no '/', '+', '#') and in JSON that the firmware writes by hand without escaping.
/// </summary>
public static class DeviceIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
