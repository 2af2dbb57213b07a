using System.Runtime.InteropServices;
using SchoolGate.Firmware.RaspberryPi.Lane;

using var stop = new CancellationTokenSource();

// systemd stops the service with SIGTERM; Ctrl+C sends SIGINT. Either way the lane shuts down
// through its normal path (relay closed, "offline" published) instead of the runtime's abrupt exit.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

return await LaneProgram.RunAsync(args, Environment.GetEnvironmentVariables(), Console.Out,
    LaneHardware.OpenRaspberryPi, TimeProvider.System, stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
