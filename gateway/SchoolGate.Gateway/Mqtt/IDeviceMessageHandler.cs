namespace SchoolGate.Gateway.Mqtt;

/// <summary>Handles one topic leaf (e.g. "events") published by an authenticated device.</summary>
public interface IDeviceMessageHandler
{
    string Leaf { get; }

    /// <summary>
    /// Runs inside the broker's publish interceptor: the device gets its PUBACK only after this
    /// completes, so a handler that commits here turns the PUBACK into "stored".
    /// </summary>
    Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}

public readonly record struct HandlerResult(string? Error)
{
    public static HandlerResult Ok { get; } = new(null);

    public bool IsMalformed => Error is not null;

    public static HandlerResult Malformed(string error) => new(error);
}
