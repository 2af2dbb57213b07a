using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Deploy;

/// <summary>The shipped systemd unit, parsed as systemd reads it: sections, then Key=Value lines.</summary>
public sealed class ServiceUnitTests
{
    private static readonly Dictionary<string, Dictionary<string, List<string>>> Unit =
        Parse(Path.Combine(AppContext.BaseDirectory, "deploy", "schoolgate-turnstile.service"));

    [Fact]
    public void NeverStopsRestartingTheLaneBecauseStartLimitIntervalSecIsZeroInTheUnitSection()
    {
        // In [Service] systemd would ignore it (with only a warning) and the default 5 starts in
        // 10 s would leave a faulting lane dead.
        Assert.Equal(["0"], Unit["Unit"]["StartLimitIntervalSec"]);
        Assert.False(Unit["Service"].ContainsKey("StartLimitIntervalSec"));
    }

    [Fact]
    public void RestartsOnAFaultButNotOnABadConfiguration()
    {
        Assert.Equal(["on-failure"], Unit["Service"]["Restart"]);
        Assert.Equal([LaneProgram.ExitBadConfig.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Unit["Service"]["RestartPreventExitStatus"]);
    }

    private static Dictionary<string, Dictionary<string, List<string>>> Parse(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>();
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                current = sections[line[1..^1]] = [];
                continue;
            }

            var equals = line.IndexOf('=');
            Assert.True(current is not null && equals > 0, $"not a Key=Value line inside a section: '{raw}'");
            var key = line[..equals].Trim();
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }

            values.Add(line[(equals + 1)..].Trim());
        }

        return sections;
    }
}
