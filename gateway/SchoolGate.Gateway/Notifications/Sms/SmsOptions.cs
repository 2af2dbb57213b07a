namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>
/// The SMS provider. Provider "" leaves SMS off (no channel, no callback endpoint); "smsc" sends
/// through SMSC.kz's HTTP API with the account's login and password.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    public const string Off = "";
    public const string Smsc = "smsc";

    public const int MinCallbackSecretLength = 24;

    public string Provider { get; set; } = Off;

    /// <summary>SMSC's server; a local stand-in in tests and the demo. Its documented reserve server is https://www2.smsc.kz.</summary>
    public string BaseUrl { get; set; } = "https://smsc.kz";

    public string Login { get; set; } = "";

    /// <summary>The account's password, or an API password made for this gateway in SMSC's settings.</summary>
    public string Password { get; set; } = "";

    /// <summary>A sender name registered with SMSC; empty: the account's default sender.</summary>
    public string Sender { get; set; } = "";

    /// <summary>
    /// The last segment of the delivery-report address given to SMSC
    /// (https://gateway/sms/smsc/status/{CallbackSecret}): what tells a report from SMSC apart from
    /// a forged one. At least 24 of A-Z a-z 0-9 - _.
    /// </summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>How long one request to SMSC may take; a timeout is a transient failure, tried again later.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    public bool Enabled => Provider == Smsc;

    /// <summary>What is wrong with these options, or null when they can be used.</summary>
    public string? Problem()
    {
        if (Provider is not (Off or Smsc))
        {
            return $"{Section}:{nameof(Provider)} must be '{Smsc}' or empty (SMS off).";
        }

        if (!Enabled)
        {
            return null;
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"{Section}:{nameof(BaseUrl)} must be an absolute http(s) address.";
        }

        if (string.IsNullOrWhiteSpace(Login) || string.IsNullOrWhiteSpace(Password))
        {
            return $"{Section}:{nameof(Login)} and {Section}:{nameof(Password)} are needed for {Section}:{nameof(Provider)}={Smsc}.";
        }

        if (CallbackSecret.Length < MinCallbackSecretLength || !CallbackSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return $"{Section}:{nameof(CallbackSecret)} must be at least {MinCallbackSecretLength} characters of A-Z a-z 0-9 - _.";
        }

        if (Sender.Length > 15)
        {
            return $"{Section}:{nameof(Sender)} must be at most 15 characters (an SMS sender name is 11 letters or 15 digits).";
        }

        return TimeoutSeconds is < 1 or > 120 ? $"{Section}:{nameof(TimeoutSeconds)} must be between 1 and 120." : null;
    }
}
