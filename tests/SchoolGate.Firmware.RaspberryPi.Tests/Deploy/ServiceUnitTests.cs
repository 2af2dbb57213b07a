using SchoolGate.Firmware.RaspberryPi.Lane;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Deploy;

/// <summary>The shipped systemd unit, parsed as systemd reads it: sections, then Key=Value lines.</summary>
public sealed class ServiceUnitTests
{
    public static TheoryData<string> Units => ["schoolgate-turnstile.service", "schoolgate-validator.service"];

    [Theory]
    [MemberData(nameof(Units))]
    public void NeverStopsRestartingTheLaneBecauseStartLimitIntervalSecIsZeroInTheUnitSection(string file)
    {
        var unit = Load(file);

        // In [Service] systemd would ignore it (with only a warning) and the default 5 starts in
        // 10 s would leave a faulting lane dead.
        Assert.Equal(["0"], unit["Unit"]["StartLimitIntervalSec"]);
        Assert.False(unit["Service"].ContainsKey("StartLimitIntervalSec"));
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void RestartsOnAFaultButNotOnABadConfiguration(string file)
    {
        var unit = Load(file);

        Assert.Equal(["on-failure"], unit["Service"]["Restart"]);
        Assert.Equal([LaneProgram.ExitBadConfig.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            unit["Service"]["RestartPreventExitStatus"]);
    }

    [Fact]
    public void TheValidatorMayReadTheGpsUartAndUsesItsOwnSiteFile()
    {
        var unit = Load("schoolgate-validator.service");

        Assert.Contains("dialout", unit["Service"]["SupplementaryGroups"].Single().Split(' '));
        Assert.EndsWith("--Config /etc/schoolgate/validator.json", unit["Service"]["ExecStart"].Single(), StringComparison.Ordinal);
    }

    private static Dictionary<string, Dictionary<string, List<string>>> Load(string file) =>
        Parse(Path.Combine(AppContext.BaseDirectory, "deploy", file));

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
