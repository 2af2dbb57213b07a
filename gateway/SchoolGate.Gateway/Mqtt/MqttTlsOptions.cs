namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// The MQTT over TLS listener (<c>Mqtt:Tls</c>): off unless <see cref="Port"/> is set. Its certificate
/// comes either from a PKCS#12 file (<see cref="PfxPath"/> + <see cref="PfxPassword"/>) or from a PEM
/// certificate and an unencrypted PEM private key (<see cref="CertPath"/> + <see cref="KeyPath"/>).
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>0 (the default) = no TLS listener; 8883 is the MQTT over TLS port.</summary>
    public int Port { get; set; }

    public string? PfxPath { get; set; }

    public string? PfxPassword { get; set; }

    public string? CertPath { get; set; }

    public string? KeyPath { get; set; }

    public bool Enabled => Port > 0;
}
