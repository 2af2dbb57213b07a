namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// One thing that happened to a child today, for a parent's /today. Kinds so far: the turnstile
/// passages; the bus and the canteen add theirs (an <see cref="ITimelineSource"/> each, and a
/// text per kind in <see cref="BotTexts"/>).
/// </summary>
/// <param name="Detail">What the kind needs beyond the time (a route, an amount); null for passages.</param>
public sealed record TimelineEntry(long StudentId, DateTimeOffset At, string Kind, string? Detail = null);

