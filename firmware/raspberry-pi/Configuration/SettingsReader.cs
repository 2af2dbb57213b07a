using System.Globalization;

namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>
/// Reads typed values out of flat settings and collects every problem instead of stopping at the
/// first, so a technician fixes a config file in one go. Keys nobody asked for are typos.
/// </summary>
internal sealed class SettingsReader(IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Problems { get; } = [];

    public string Text(string key, string fallback)
    {
        _known.Add(key);
        return values.TryGetValue(key, out var value) && value.Length > 0 ? value : fallback;
    }

    /// <summary>The value, or null when the key is absent or empty.</summary>
    public string? Optional(string key)
    {
        var value = Text(key, "");
        return value.Length > 0 ? value : null;
    }

    public string Required(string key)
    {
        var value = Text(key, "");
        if (value.Length == 0)
        {
            Problems.Add($"{key} is required");
        }

        return value;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var text = Text(key, "");
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Problems.Add($"{key} must be a whole number from {min} to {max}, got '{text}'");
            return fallback;
        }

        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var text = Text(key, "");
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!bool.TryParse(text, out var value))
        {
            Problems.Add($"{key} must be true or false, got '{text}'");
            return fallback;
        }

        return value;
    }

    /// <summary>The name of one of <typeparamref name="T"/>'s values, any case ("up" for InputPull.Up); numbers are not names.</summary>
    public T Choice<T>(string key, T fallback)
        where T : struct, Enum
    {
        var text = Text(key, "");
        if (text.Length == 0)
        {
            return fallback;
        }

        foreach (var choice in Enum.GetValues<T>())
        {
            if (string.Equals(choice.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        var names = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        Problems.Add($"{key} must be one of {names}, got '{text}'");
        return fallback;
    }

    public void ReportUnknownKeys()
    {
        foreach (var key in values.Keys.Where(k => !_known.Contains(k)).Order(StringComparer.OrdinalIgnoreCase))
        {
            Problems.Add($"{key} is not a setting (misspelt?)");
        }
    }
}
