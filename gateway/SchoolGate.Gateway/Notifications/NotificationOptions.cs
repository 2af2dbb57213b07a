namespace SchoolGate.Gateway.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// Language of guardians registered without one: "ru" because the pilot region's school
    /// systems write to parents in Russian; "kk" or "en" are the other choices.
    /// </summary>
    public string DefaultLanguage { get; set; } = MessageTemplates.Russian;
}
