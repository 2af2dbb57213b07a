using System.Collections;
using System.Text.Json;

namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>
/// Collects flat "Section:Key" values the way Microsoft.Extensions.Configuration does, later
/// sources winning: appsettings.json beside the binary, the site file named by Config, then
/// SCHOOLGATE_-prefixed environment variables ("__" for ":"), then "--Section:Key=value" arguments.
/// About 150 lines of System.Text.Json instead of five more packages on the Pi. Keys are case-insensitive.
/// </summary>
public static class SettingsSources
{
    public const string EnvironmentPrefix = "SCHOOLGATE_";

    /// <summary>The key that names the site's JSON file, read over the default one.</summary>
    public const string ConfigKey = "Config";

    public static Dictionary<string, string> Collect(string[] args, IDictionary environment, string defaultConfigPath)
    {
        var problems = new List<string>();
        var fromEnvironment = FromEnvironment(environment);
        var fromArgs = FromArguments(args, problems);

        // The shipped appsettings.json holds the wiring defaults; the site file given by Config
        // (DeviceId, broker) is laid over it.
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(defaultConfigPath))
        {
            FromJsonFile(defaultConfigPath, values, problems);
        }

        var sitePath = fromArgs.GetValueOrDefault(ConfigKey) ?? fromEnvironment.GetValueOrDefault(ConfigKey);
        if (sitePath is not null && File.Exists(sitePath))
        {
            FromJsonFile(sitePath, values, problems);
        }
        else if (sitePath is not null)
        {
            problems.Add($"{ConfigKey}: file '{sitePath}' does not exist");
        }

        foreach (var source in new[] { fromEnvironment, fromArgs })
        {
            foreach (var (key, value) in source)
            {
                values[key] = value;
            }
        }

        values.Remove(ConfigKey);
        if (problems.Count > 0)
        {
            throw new LaneSettingsException(problems);
        }

        return values;
    }

    private static Dictionary<string, string> FromEnvironment(IDictionary environment)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                values[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        return values;
    }

    private static Dictionary<string, string> FromArguments(string[] args, List<string> problems)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                problems.Add($"argument '{arg}': expected --Key=value or --Key value");
                continue;
            }

            var equals = arg.IndexOf('=');
            if (equals > 0)
            {
                values[arg[2..equals]] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[arg[2..]] = args[++i];
            }
            else
            {
                problems.Add($"argument '{arg}' has no value");
            }
        }

        return values;
    }

    private static void FromJsonFile(string path, Dictionary<string, string> values, List<string> problems)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: the top level must be a JSON object");
                return;
            }

            Flatten(document.RootElement, "", values, problems, path);
        }
        catch (JsonException ex)
        {
            problems.Add($"{path}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: cannot be read: {ex.Message}");
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> values, List<string> problems, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, key + ":", values, problems, path);
                    break;
                case JsonValueKind.String:
                    values[key] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number:
                    values[key] = property.Value.GetRawText();
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    values[key] = property.Value.GetBoolean() ? "true" : "false";
                    break;
                case JsonValueKind.Null:
                    values.Remove(key);
                    break;
                default:
                    problems.Add($"{path}: {key}: arrays are not settings here");
                    break;
            }
        }
    }
}
