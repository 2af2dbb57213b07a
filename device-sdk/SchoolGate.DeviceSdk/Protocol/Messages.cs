using System.Text.Json.Serialization;

namespace SchoolGate.DeviceSdk.Protocol;

// Property order is part of the protocol: the firmware core writes the same fields in the same
// order, and a test proves both produce identical bytes. Add fields only at the end.

/// <summary>Retained device state; the last will carries <see cref="DeviceStatus.Offline"/>.</summary>
public sealed record DeviceState(string DeviceId, string Kind, string Status, string Firmware, long Ts);

/// <summary>A card (or biometric match) presented at a lane, asking the gateway for a decision.</summary>
public sealed record AccessRequest(string DeviceId, long RequestId, string CardId, string Direction, long Ts);

/// <summary>The gateway's answer to <see cref="AccessRequest"/>.</summary>
/// <param name="Text">
/// A short text for the lane display (ASCII, at most <see cref="Reasons.MaxTextLength"/> characters),
/// e.g. "Already inside - see security"; left out of the JSON when absent, so a decision without one
/// keeps the bytes it had before the field existed, and firmware that does not know it ignores it.
/// </param>
public sealed record AccessDecision(long RequestId, bool Allow, string Reason, int OpenMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? Text = null);

/// <summary>
/// A journaled device event: a passage through the lane, a refusal, or a tap on a bus validator
/// (<see cref="PassageTypes.Boarded"/>/<see cref="PassageTypes.Alighted"/>). The journey fields are
/// left out of the JSON when empty, so a turnstile's event is byte for byte what it was before
/// they existed, and a bus validator without a GPS receiver sends no position.
/// </summary>
/// <param name="Route">The route the vehicle runs (a bus validator's event), e.g. "12".</param>
/// <param name="Vehicle">The operator's vehicle number, e.g. "045".</param>
/// <param name="HasFix">The validator had a valid GPS fix when the card was tapped (0,0 is a real place).</param>
/// <param name="LatE7">Latitude of the last GPS fix in 1e-7 degrees (integers: both codecs write them identically); with <see cref="HasFix"/>.</param>
/// <param name="LonE7">Longitude of the last GPS fix in 1e-7 degrees.</param>
public sealed record PassageEvent(string DeviceId, long Seq, string Type, string CardId, string Reason, bool Offline, long Ts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? Route = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] string? Vehicle = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HasFix = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long LatE7 = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long LonE7 = 0);

/// <summary>
/// Every event of the device up to and including <see cref="Seq"/> is durably stored, or was given
/// up as lost after the gateway's gap timeout. The highest contiguous seq, not the highest stored
/// one: an event still missing below a stored one keeps the ack below it, so the device re-sends it.
/// </summary>
public sealed record EventAck(long Seq);

/// <summary>Liveness and journal backlog of a device.</summary>
public sealed record Heartbeat(string DeviceId, long UptimeS, int Pending, long Ts);

/// <summary>
/// The offline access list of one device (retained on <see cref="Topics.AccessList"/>): card ids
/// only, never names. <see cref="Version"/> increases with every list the gateway publishes for
/// the device, so a device ignores a stale retained copy. Writers sort <see cref="Cards"/>
/// ordinally without duplicates (see <see cref="AccessLists.Normalize"/>).
/// </summary>
public sealed record AccessList(long Version, string[] Cards);

/// <summary>
/// Gateway to device: delete fingerprint template <see cref="TemplateId"/> (the slot number in the
/// device's own module) because its guardian consent was revoked or the enrollment removed. The
/// gateway re-sends the same <see cref="CommandId"/> until the device answers with
/// <see cref="TemplateDeleted"/>, so a device must treat a repeat as a fresh, harmless delete.
/// </summary>
public sealed record TemplateDelete(long CommandId, int TemplateId);

/// <summary>Device to gateway: the template of command <see cref="CommandId"/> is no longer in the module.</summary>
public sealed record TemplateDeleted(string DeviceId, long CommandId, int TemplateId);

public static class DeviceKinds
{
    public const string Turnstile = "turnstile";
    public const string BusValidator = "bus-validator";
    public const string CanteenTerminal = "canteen-terminal";
}

public static class DeviceStatus
{
    public const string Online = "online";
    public const string Offline = "offline";
}

public static class Directions
{
    public const string In = "in";
    public const string Out = "out";
}

public static class PassageTypes
{
    public const string Entered = "entered";
    public const string Exited = "exited";
    public const string Refused = "refused";
    /// <summary>The lane opened but the rotation sensor saw nobody pass before the relay closed.</summary>
    public const string Abandoned = "abandoned";
    /// <summary>A bus validator: the card was tapped on boarding.</summary>
    public const string Boarded = "boarded";
    /// <summary>A bus validator with tap-off: the card was tapped on leaving the vehicle.</summary>
    public const string Alighted = "alighted";
}

public static class Reasons
{
    public const string Ok = "ok";
    public const string UnknownCard = "unknown_card";
    public const string CardRevoked = "card_revoked";
    public const string WrongSchool = "wrong_school";
    public const string StudentInactive = "student_inactive";
    public const string UnknownDevice = "unknown_device";
    /// <summary>A registered device whose kind takes no access decisions (e.g. a bus validator asking at the school door).</summary>
    public const string WrongDeviceKind = "wrong_device_kind";
    /// <summary>Set on offline decisions: the gateway did not answer within the device's budget.</summary>
    public const string OfflineList = "offline_list";
    public const string NotInOfflineList = "not_in_offline_list";
    /// <summary>An entry on a day the school's calendar says is not a school day (exits are never refused for it).</summary>
    public const string NotASchoolDay = "not_a_school_day";
    /// <summary>An entry outside the entry window of the student's shift.</summary>
    public const string OutsideShift = "outside_shift";
    /// <summary>The card's first valid day is still to come.</summary>
    public const string CardNotYetValid = "card_not_yet_valid";
    /// <summary>The card's last valid day has passed.</summary>
    public const string CardExpired = "card_expired";
    /// <summary>The student entered and has not exited since: a second entry is refused.</summary>
    public const string AntiPassback = "anti_passback";
    /// <summary>Allowed: a spare card on a temporary pass for today (a forgotten or lost card).</summary>
    public const string TemporaryPass = "temporary_pass";
    /// <summary>Allowed: security let the student in ("let X in"), whatever the other rules said.</summary>
    public const string StaffOverride = "staff_override";

    /// <summary>The longest lane text a decision carries (<see cref="AccessDecision.Text"/>): a 2x16 or 1x32 display.</summary>
    public const int MaxTextLength = 32;
}
