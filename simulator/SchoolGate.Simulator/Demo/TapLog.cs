using SchoolGate.Simulator.Devices;

namespace SchoolGate.Simulator.Demo;

/// <summary>Prints what happens at the lanes, one line per tap, safe to call from parallel lanes.</summary>
public sealed class TapLog(TextWriter output, TimeZoneInfo schoolZone, TimeProvider time)
{
    private readonly Lock _gate = new();

    public int Granted { get; private set; }
    public int Refused { get; private set; }

    public void Tap(string deviceId, string who, TapResult result)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), schoolZone);
        var verdict = result.Granted ? "GRANTED" : "REFUSED";
        var passage = result.Passed ? "passed" : result.Granted ? "did not pass" : "lane stays locked";
        lock (_gate)
        {
            if (result.Granted)
            {
                Granted++;
            }
            else
            {
                Refused++;
            }

            output.WriteLine($"  {local:HH:mm:ss.fff}  {deviceId,-22} {who,-34} {verdict,-8} {passage,-18} decided in {result.DecisionTime.TotalMilliseconds,5:0} ms");
        }
    }

    /// <summary>A line of its own among the taps (a parent's chat getting a message).</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
        }
    }

    public void Note(string text)
    {
        lock (_gate)
        {
            output.WriteLine($"  -- {text}");
        }
    }
}
