using System.Text;

namespace SchoolGate.Gateway.Schools;

/// <summary>
/// School names are unique whatever their case or spacing ("Школа №7" and "школа  №7" are one
/// school): the store keeps a folded key beside the name, with a unique index on it. Stored keys
/// were made by this function (migration 7 for older rows): changing it needs a migration that
/// recomputes schools.name_key, or new names would be compared with keys of the old rule.
/// </summary>
public static class SchoolNames
{
    public static string Key(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        return string.Join(' ', folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
