using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Reads one YAML mapping field by field, recording errors with the field path and line instead
/// of throwing, so a user sees every mistake in one go. Keys never asked for are reported as unknown.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly List<ScenarioError> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, string path, List<ScenarioError> errors)
    {
        _node = node;
        Path = path;
        _errors = errors;
    }

    private string Path { get; }

    public static YamlMap? From(YamlNode node, string path, List<ScenarioError> errors)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlMap(mapping, path, errors);
        }

        errors.Add(new ScenarioError(path, $"expected a mapping of fields, got {Describe(node)}", Line(node)));
        return null;
    }

    private string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is not null;
    }

    public YamlNode? Node(string key)
    {
        _known.Add(key);
        return Find(key);
    }

    public void Error(string key, string message, YamlNode? node = null) =>
        _errors.Add(new ScenarioError(PathOf(key), message, Line(node ?? Find(key) ?? _node)));

    public int Int(string key, int fallback, int min, int max)
    {
        if (Scalar(key, "a whole number") is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"expected a whole number, got '{text}'");
            return fallback;
        }

        return InRange(key, value, min, max) ? value : fallback;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        if (Scalar(key, "a number") is not { } text)
        {
            return fallback;
        }

        if (!TryNumber(text, out var value))
        {
            Error(key, $"expected a number, got '{text}'");
            return fallback;
        }

        return InRange(key, value, min, max) ? value : fallback;
    }

    /// <summary>A required positive number; reports a missing field.</summary>
    public double RequiredDouble(string key, double min, double max)
    {
        if (!Has(key))
        {
            Error(key, "required field is missing", _node);
            return min;
        }

        return Double(key, min, min, max);
    }

    public string String(string key, string fallback) => Scalar(key, "text") ?? fallback;

    public double Clock(string key, double fallback, bool required = false)
    {
        if (Scalar(key, "a clock time like \"07:45\"") is not { } text)
        {
            if (required)
            {
                Error(key, "required field is missing (a clock time like \"07:45\")", _node);
            }

            return fallback;
        }

        if (ClockTime.TryParse(text, out var seconds))
        {
            return seconds;
        }

        Error(key, $"expected a clock time like \"07:45\", got '{text}'");
        return fallback;
    }

    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> options)
    {
        if (Scalar(key, "one of " + string.Join(", ", options.Keys)) is not { } text)
        {
            return fallback;
        }

        if (options.TryGetValue(text, out var value))
        {
            return value;
        }

        var suggestion = Suggest(text, options.Keys);
        Error(key, $"expected one of {string.Join(", ", options.Keys)}, got '{text}'{suggestion}");
        return fallback;
    }

    public YamlMap? Map(string key) => Node(key) is { } node ? From(node, PathOf(key), _errors) : null;

    /// <summary>
    /// Reads the mapping under <paramref name="key"/> with <paramref name="read"/> and then reports its
    /// unknown keys; <paramref name="fallback"/> when the key is absent or not a mapping.
    /// </summary>
    public T Section<T>(string key, T fallback, Func<YamlMap, T> read) => Map(key) is { } map ? map.ReadAll(read) : fallback;

    /// <summary>Reads each mapping of the list under <paramref name="key"/> as <see cref="Section{T}"/> does; other items are reported and skipped.</summary>
    public List<T> Items<T>(string key, Func<YamlMap, T> read)
    {
        var nodes = List(key);
        var items = new List<T>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (From(nodes[i], $"{PathOf(key)}[{i}]", _errors) is { } item)
            {
                items.Add(item.ReadAll(read));
            }
        }

        return items;
    }

    /// <summary>Reads this mapping with <paramref name="read"/>, then reports the keys it did not ask for.</summary>
    public T ReadAll<T>(Func<YamlMap, T> read)
    {
        var value = read(this);
        RejectUnknown();
        return value;
    }

    public IReadOnlyList<YamlNode> List(string key)
    {
        switch (Node(key))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return [.. sequence.Children];
            case var other:
                Error(key, $"expected a list, got {Describe(other)}", other);
                return [];
        }
    }

    /// <summary>Reports keys nobody asked for, with a spelling suggestion when one is close.</summary>
    private void RejectUnknown()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (_known.Contains(key))
            {
                continue;
            }

            var suggestion = Suggest(key, _known);
            var hint = suggestion.Length > 0
                ? suggestion
                : $" (expected one of: {string.Join(", ", _known)})";
            _errors.Add(new ScenarioError(PathOf(key), $"unknown field '{key}' at line {Line(keyNode)}{hint}", Line(keyNode)));
        }
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private string? Scalar(string key, string expected)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case YamlScalarNode { Value: { Length: > 0 } text }:
                return text;
            case var other:
                Error(key, $"expected {expected}, got {(other is YamlScalarNode ? "nothing" : Describe(other))}", other);
                return null;
        }
    }

    private bool InRange(string key, double value, double min, double max)
    {
        if (value < min)
        {
            Error(key, $"must be >= {Number(min)}, got {Number(value)}");
            return false;
        }

        if (value > max)
        {
            Error(key, min == 0 && max == 1
                ? $"{ScenarioLimits.ShareRule}, got {Number(value)}"
                : $"must be <= {Number(max)}, got {Number(value)}");
            return false;
        }

        return true;
    }

    private YamlNode? Find(string key)
    {
        foreach (var (keyNode, valueNode) in _node.Children)
        {
            if (keyNode is YamlScalarNode { Value: var name } && name == key)
            {
                return valueNode;
            }
        }

        return null;
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Suggest(string typo, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Levenshtein(typo.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, typo.Length / 3)
            ? $" (did you mean '{best.Name}'?)"
            : "";
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
