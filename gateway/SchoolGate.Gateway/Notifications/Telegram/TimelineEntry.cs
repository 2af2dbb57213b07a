namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// One thing that happened to a child, for a parent's /today and the staff's timeline. Kinds so
/// far: the turnstile passages and the bus taps (boarded, alighted); the canteen adds its own (an
/// <see cref="ITimelineSource"/>, and a text per kind in <see cref="BotTexts"/>).
/// </summary>
/// <param name="Detail">What the kind needs beyond the time for a parent (a route, an amount); null for passages.</param>
/// <param name="DeviceId">The device that saw it, when one did (a turnstile, a bus validator).</param>
/// <param name="Route">A bus tap's route.</param>
/// <param name="Vehicle">A bus tap's vehicle.</param>
public sealed record TimelineEntry(long StudentId, DateTimeOffset At, string Kind, string? Detail = null, string? DeviceId = null,
    string? Route = null, string? Vehicle = null);
