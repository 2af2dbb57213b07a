namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>The guardian a chat is linked to, with what the bot's commands show and change.</summary>
/// <param name="Language">"kk", "ru" or "en"; null for guardians registered before languages existed.</param>
/// <param name="NotifyMode">"each" or "digest"; null means each.</param>
/// <param name="QuietFrom">Quiet hours start, minutes after school-local midnight; null (with QuietTo): none.</param>
public sealed record LinkedGuardian(long Id, string? Language, string? NotifyMode, long? QuietFrom, long? QuietTo, long? SchoolId)
{
    public const string EachEvent = "each";
    public const string Digest = "digest";

    public bool IsDigest => NotifyMode == Digest;
}

/// <summary>A guardian's child as the bot names them: first name only.</summary>
public sealed record ChildOfGuardian(long StudentId, string FirstName);
