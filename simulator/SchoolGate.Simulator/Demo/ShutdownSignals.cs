using System.Runtime.InteropServices;

namespace SchoolGate.Simulator.Demo;

/// <summary>
/// SIGTERM, SIGINT (Ctrl+C) and SIGQUIT as a cancellation token, so the demo stops its lanes and
/// gateway and deletes its temporary files instead of dying on the spot. The signals' default
/// action is cancelled, as the embedded gateway's host also does for itself; the host then only
/// stops its application lifetime, which nothing waits on, so without this the demo ignored them.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    public CancellationToken Token => _requested.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _requested.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal that raced the end of the run: there is nothing left to stop.
        }
    }
}
