using System.Text;

namespace SchoolGate.Gateway.Schools;

/// <summary>
/// School names are unique whatever their case or spacing ("Школа №7" and "школа  №7" are one
/// school): the store keeps a folded key beside the name, with a unique index on it.
/// </summary>
public static class SchoolNames
{
    public static string Key(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        return string.Join(' ', folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
