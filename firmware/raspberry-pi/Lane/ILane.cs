namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>What the service runs: a turnstile lane or a bus validator (settings Role).</summary>
public interface ILane : IAsyncDisposable
{
    /// <summary>Runs until <paramref name="stop"/> fires (0) or the device loop faults (1).</summary>
    Task<int> RunAsync(CancellationToken stop);
}
