using YamlDotNet.RepresentationModel;

namespace SchoolGate.Simulator.Planning;

/// <summary>Reads a service-time distribution field of a scenario.</summary>
internal static class DistributionReader
{
    private static readonly Dictionary<string, DistributionKind> Distributions = new()
    {
        ["fixed"] = DistributionKind.Fixed,
        ["exponential"] = DistributionKind.Exponential,
        ["normal"] = DistributionKind.Normal,
        ["samples"] = DistributionKind.Samples,
    };

    /// <summary>A number is a fixed duration; a mapping names the distribution and its parameters.</summary>
    public static Distribution Read(YamlMap parent, string key, Distribution fallback)
    {
        var node = parent.Node(key);
        if (node is YamlScalarNode { Value: { } text })
        {
            if (YamlMap.TryNumber(text, out var seconds) && seconds >= 0)
            {
                return Distribution.Fixed(seconds);
            }

            parent.Error(key, $"expected seconds (e.g. 2.5) or {{ distribution: normal, mean: 2.5, sd: 0.5 }}, got '{text}'");
            return fallback;
        }

        return parent.Section(key, fallback, map => ReadMapping(map, fallback));
    }

    private static Distribution ReadMapping(YamlMap map, Distribution fallback)
    {
        var kind = map.Choice("distribution", fallback.Kind, Distributions);
        if (!map.Has("distribution"))
        {
            map.Error("distribution", "required field is missing (fixed, exponential, normal or samples)");
        }

        return kind switch
        {
            DistributionKind.Fixed => Distribution.Fixed(map.RequiredDouble("value", 0, 3600)),
            DistributionKind.Exponential => Distribution.Exponential(map.RequiredDouble("mean", 1e-6, 3600)),
            DistributionKind.Normal => Distribution.Normal(map.RequiredDouble("mean", 0, 3600), map.RequiredDouble("sd", 0, 3600)),
            _ => ReadSamples(map) is { Length: > 0 } samples ? Distribution.Empirical(samples) : fallback,
        };
    }

    private static double[] ReadSamples(YamlMap map)
    {
        var nodes = map.List("samples");
        if (nodes.Count == 0)
        {
            map.Error("samples", "expected a list of measured durations in seconds, e.g. [1.8, 2.1, 2.4]");
            return [];
        }

        var samples = new List<double>(nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is YamlScalarNode { Value: { } text } && YamlMap.TryNumber(text, out var value) && value >= 0)
            {
                samples.Add(value);
            }
            else
            {
                map.Error($"samples[{i}]", $"expected a duration in seconds >= 0, got {YamlMap.Describe(nodes[i])}", nodes[i]);
            }
        }

        return [.. samples];
    }
}
