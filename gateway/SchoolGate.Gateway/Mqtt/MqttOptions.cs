namespace SchoolGate.Gateway.Mqtt;

public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>The plaintext MQTT listener; 0 = none (TLS only, see <see cref="Tls"/>).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// The one address both listeners bind. Loopback by default, so a demo or a developer's gateway is
    /// not reachable from the network; a school deployment sets 0.0.0.0 (every IPv4 interface) or the
    /// address of the devices' network, ideally with <see cref="Tls"/> and <see cref="Port"/> 0.
    /// An IPv4 address binds IPv4 only, an IPv6 address (::1, ::) IPv6 only.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The MQTT over TLS listener (off unless its port is set).</summary>
    public MqttTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Per-device queue of gateway-to-device messages (decisions, acks, access lists). MQTTnet drops
    /// the OLDEST when it is full. That is safe here: acks are cumulative (a newer one covers an older
    /// one), a decision older than the device's ~1 s budget is ignored by the device anyway, and an
    /// access list is superseded by a newer one and re-delivered from its retained copy on the next
    /// subscribe. 100 is far more than one lane can use while connected, and bounds memory for
    /// offline persistent sessions.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100;

    /// <summary>
    /// Largest device-to-gateway payload accepted. Protocol v1 messages are at most a few hundred
    /// bytes (ids are capped at 64 characters); anything bigger is refused as malformed.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 4096;

    /// <summary>Malformed payloads tolerated on one connection before the broker closes it.</summary>
    public int MaxMalformedPerConnection { get; set; } = 20;

    /// <summary>
    /// Wrong secrets for one device id from one address before further attempts are refused without
    /// checking (each check is a PBKDF2 computation) until <see cref="FailedLoginWindowSeconds"/> ends.
    /// </summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Length of the failed-login window, counted from the first failure in it.</summary>
    public int FailedLoginWindowSeconds { get; set; } = 60;
}
