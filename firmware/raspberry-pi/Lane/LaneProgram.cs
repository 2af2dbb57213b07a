using System.Collections;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>Opens the hardware for a lane's settings (the Pi's chips, or simulated ones in tests).</summary>
public delegate LaneHardware HardwareFactory(LaneSettings settings, TimeProvider time, LaneLog log);

/// <summary>The service's life: settings, hardware, lane (a turnstile or a bus validator), run until stopped, shut down locked.</summary>
public static class LaneProgram
{
    public const int ExitStopped = 0;
    /// <summary>Hardware, storage or loop failure: systemd restarts the service.</summary>
    public const int ExitFault = 1;
    /// <summary>
    /// The configuration is wrong, or asks for what this board cannot do (an internal pull its GPIO
    /// driver lacks): restarting cannot help (the unit file says so).
    /// </summary>
    public const int ExitBadConfig = 2;

    public static string DefaultConfigPath => Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    public static async Task<int> RunAsync(string[] args, IDictionary environment, TextWriter output,
        HardwareFactory openHardware, TimeProvider time, CancellationToken stop, string? defaultConfigPath = null)
    {
        var log = new LaneLog(output);
        LaneSettings settings;
        try
        {
            settings = LaneSettings.Load(args, environment, defaultConfigPath ?? DefaultConfigPath);
        }
        catch (LaneSettingsException ex)
        {
            log.Error(ex.Message);
            return ExitBadConfig;
        }

        LaneHardware hardware;
        try
        {
            hardware = openHardware(settings, time, log);
        }
        catch (Exception ex)
        {
            var cause = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
            log.Error($"cannot open the lane's hardware (is SPI enabled, is the user in the gpio and spi groups?): {cause}");
            return ExitFault;
        }

        using (hardware)
        {
            ILane lane;
            try
            {
                lane = settings.IsBusValidator
                    ? BusValidatorLane.Create(settings, hardware, time, log)
                    : TurnstileLane.Create(settings, hardware, time, log);
            }
            catch (PinModeNotSupportedException ex)
            {
                // The settings ask for a pull this board's GPIO driver cannot give: restarting
                // cannot fix that, so it is a configuration error like any other (exit 2).
                log.Error($"invalid configuration: Pins:RotationSensorPull = {settings.Pins.RotationSensorPull.ToString().ToLowerInvariant()}: {ex.Message} "
                    + "(Pins:RotationSensorPull = external)");
                return ExitBadConfig;
            }
            catch (Exception ex)
            {
                log.Error($"cannot start the lane: {ex.GetType().Name}: {ex.Message}");
                return ExitFault;
            }

            await using (lane)
            {
                return await lane.RunAsync(stop);
            }
        }
    }
}
