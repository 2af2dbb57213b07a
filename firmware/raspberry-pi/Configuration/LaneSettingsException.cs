namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>The configuration cannot run a lane. The message lists every problem, one per line.</summary>
public sealed class LaneSettingsException(IReadOnlyList<string> problems)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
