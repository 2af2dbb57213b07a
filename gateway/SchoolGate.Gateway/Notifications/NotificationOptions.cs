namespace SchoolGate.Gateway.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// Language of guardians registered without one: "ru" because the pilot region's school
    /// systems write to parents in Russian; "kk" or "en" are the other choices.
    /// </summary>
    public string DefaultLanguage { get; set; } = MessageTemplates.Russian;

    /// <summary>School-local time the day's digest goes out, for guardians who chose a digest.</summary>
    public TimeOnly DigestTime { get; set; } = new(19, 0);

    /// <summary>Days a message's text is kept; after that it is blanked (its delivery record stays).</summary>
    public int RetentionDays { get; set; } = 90;
}
