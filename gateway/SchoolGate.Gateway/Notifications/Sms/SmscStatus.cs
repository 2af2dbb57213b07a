namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>What a delivery report means for the outbox row.</summary>
public enum SmsReportKind
{
    /// <summary>Not final yet (waiting, passed to the operator): the row stays as it is.</summary>
    InProgress,

    Delivered,

    /// <summary>Final: the message will not reach the phone.</summary>
    Failed,
}

/// <summary>
/// SMSC's message status codes, as its status documentation lists them (status.php and the
/// reports to the client's handler use the same codes). 2 (read) and 4 (a link in it was opened)
/// come after delivery, so they count as delivered.
/// </summary>
public static class SmscStatus
{
    public const int NotFound = -3;
    public const int Waiting = -1;
    public const int PassedToOperator = 0;
    public const int Delivered = 1;
    public const int Read = 2;
    public const int Expired = 3;
    public const int LinkOpened = 4;
    public const int Undeliverable = 20;
    public const int WrongNumber = 22;
    public const int Prohibited = 23;
    public const int NoFunds = 24;
    public const int Unavailable = 25;

    /// <summary>The meaning of a reported status, or null for a code SMSC does not document.</summary>
    public static (SmsReportKind Kind, string Name)? Describe(int status) => status switch
    {
        Waiting => (SmsReportKind.InProgress, "waiting to be sent"),
        PassedToOperator => (SmsReportKind.InProgress, "passed to the operator"),
        Delivered => (SmsReportKind.Delivered, "delivered"),
        Read => (SmsReportKind.Delivered, "read"),
        LinkOpened => (SmsReportKind.Delivered, "link opened"),
        Expired => (SmsReportKind.Failed, "expired: the phone was unreachable for the whole validity period"),
        Undeliverable => (SmsReportKind.Failed, "cannot be delivered"),
        WrongNumber => (SmsReportKind.Failed, "wrong number"),
        Prohibited => (SmsReportKind.Failed, "prohibited"),
        NoFunds => (SmsReportKind.Failed, "not sent: no funds on the SMSC account"),
        Unavailable => (SmsReportKind.Failed, "number unavailable"),
        _ => null,
    };
}
