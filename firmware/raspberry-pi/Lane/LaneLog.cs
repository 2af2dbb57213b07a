namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// One line per event worth a technician's attention, to stdout (journald under systemd adds the
/// time). Card ids are never logged: least data.
/// </summary>
public sealed class LaneLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message)
    {
        lock (_gate)
        {
            output.WriteLine($"{level}: {message}");
            output.Flush();
        }
    }
}
