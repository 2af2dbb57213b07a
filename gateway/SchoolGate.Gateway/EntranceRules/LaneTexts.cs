using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.EntranceRules;

/// <summary>
/// The short text a lane display shows with each decision: English and ASCII, at most
/// <see cref="Reasons.MaxTextLength"/> characters, the same at every school. Lane displays are
/// character LCDs whose fonts rarely have Cyrillic or Kazakh letters, and the nanoFramework
/// firmware's byte-equal codec is only claimed for ASCII; the text names nobody (a lane display is
/// public). Parents get their messages in their own language; the lane speaks to whoever is at it.
/// </summary>
public static class LaneTexts
{
    private static readonly Dictionary<string, string> ByReason = new(StringComparer.Ordinal)
    {
        [Reasons.Ok] = "Welcome",
        [Reasons.UnknownCard] = "Card not recognised",
        [Reasons.CardRevoked] = "Card blocked - see security",
        [Reasons.WrongSchool] = "Card of another school",
        [Reasons.StudentInactive] = "Not enrolled - see the office",
        [Reasons.UnknownDevice] = "Lane not registered",
        [Reasons.WrongDeviceKind] = "This device is not an entrance",
        [Reasons.NotASchoolDay] = "No school today",
        [Reasons.OutsideShift] = "Not your shift's hours",
        [Reasons.CardNotYetValid] = "Card not valid yet",
        [Reasons.CardExpired] = "Card expired - see the office",
        [Reasons.AntiPassback] = "Already inside - see security",
        [Reasons.TemporaryPass] = "Temporary pass - welcome",
        [Reasons.StaffOverride] = "Let in by staff",
    };

    /// <summary>Every reason the gateway decides with, and its text (for the docs and a test of the limits).</summary>
    public static IReadOnlyDictionary<string, string> All => ByReason;

    public const string Goodbye = "Goodbye";

    /// <summary>An allowed exit says goodbye, whatever card it was.</summary>
    public static string For(string reason, string direction, bool allow) =>
        allow && direction == Directions.Out ? Goodbye : ByReason.GetValueOrDefault(reason, reason);
}
