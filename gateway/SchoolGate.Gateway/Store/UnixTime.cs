namespace SchoolGate.Gateway.Store;

/// <summary>Instants are stored as BIGINT unix milliseconds (UTC) and exposed as DateTimeOffset.</summary>
public static class UnixTime
{
    public static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } value ? FromMs(value) : null;

    /// <summary>True when <see cref="FromMs(long)"/> can convert it (years 0001-9999); a device clock can send anything.</summary>
    public static bool IsRepresentable(long ms) =>
        ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static long NowMs(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
