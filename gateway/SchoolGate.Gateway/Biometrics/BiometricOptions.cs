namespace SchoolGate.Gateway.Biometrics;

public sealed class BiometricOptions
{
    public const string Section = "Biometrics";

    /// <summary>
    /// A template delete the device has not confirmed is sent again after this long (while the
    /// device is connected; a device that subscribes gets every pending delete at once).
    /// </summary>
    public int ResendAfterSeconds { get; set; } = 30;
}
