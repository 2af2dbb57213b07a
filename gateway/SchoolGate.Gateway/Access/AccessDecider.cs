using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Biometrics;
using SchoolGate.Gateway.Cards;
using SchoolGate.Gateway.EntranceRules;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Access;

/// <summary>The decision, its lane text and, when the card is known, whose card it is (first name for logs).</summary>
public sealed record AccessVerdict(bool Allow, string Reason, int OpenMs, string? StudentFirstName, string? Text = null);

/// <summary>
/// Entry rules, in order: a known turnstile; a known card or a spare card on today's temporary
/// pass; a staff override waiting for this student's entry lets them in whatever follows; an
/// active card of an active student of that turnstile's school; then, for entries only, the
/// card's validity dates, the school calendar, the shift's entry window and anti-passback (the
/// last three as the school turned them on). Exits are refused only by the first rules: nobody is
/// trapped inside by a calendar or a shift. Anything unknown is denied (fail secure).
/// One indexed query per tap (<see cref="EntranceFacts.Sql"/>, kept prepared: <see cref="PreparedQuery"/>), and a write only when an override
/// is used: SQLite answers from the page cache, and there is no cache to go stale when the API
/// revokes a card or a school changes its calendar.
/// A fingerprint match (<c>fp:{templateId}</c>) is looked up among the active enrollments of the
/// turnstile that sent it, since template numbers are per module: the same <c>fp:N</c> from
/// another device is another finger, or none. Then the same rules apply as to a card.
/// </summary>
public sealed class AccessDecider(IDbConnectionFactory db, IOptions<AccessOptions> options, SchoolClock clock, TimeProvider time,
    AccessOverrides overrides) : IAsyncDisposable
{
    private readonly PreparedQuery _facts = new(db, EntranceFacts.Sql,
        ("@deviceId", DbType.String), ("@cardId", DbType.String), ("@slot", DbType.String), ("@today", DbType.String), ("@now", DbType.Int64));

    public ValueTask DisposeAsync() => _facts.DisposeAsync();

    public async Task<AccessVerdict> DecideAsync(string deviceId, string cardId, string direction, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var local = clock.ToLocal(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        var todayText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // An invalid id can match no card; it is still asked with the device, whose existence is told first.
        // Only an 'active' enrollment opens: a revoked consent or removed enrollment is unknown from its commit on.
        var finger = cardId.StartsWith(Credentials.FingerprintPrefix, StringComparison.Ordinal);
        string? slot = finger && Credentials.TryParseFingerprint(cardId, out var templateId) ? TemplateRemoval.Slot(deviceId, templateId) : null;
        await using var lease = await _facts.RentAsync(cancellationToken);
        var connection = lease.Connection;
        var facts = await lease.Set("@deviceId", deviceId).Set("@cardId", !finger && DeviceIds.IsValid(cardId) ? cardId : "").Set("@slot", slot)
            .Set("@today", todayText).Set("@now", now.ToUnixTimeMilliseconds()).ReadSingleOrDefaultAsync<EntranceFacts>(cancellationToken);
        if (facts is null)
        {
            return Deny(Reasons.UnknownDevice, direction);
        }

        // A bus validator or canteen terminal is registered (its id is fine) but does not guard an
        // entrance; saying so tells its operator to fix the registration, not to look for the device.
        if (facts.Kind != DeviceKinds.Turnstile)
        {
            return Deny(Reasons.WrongDeviceKind, direction);
        }

        if (!facts.HasCardOrPass || facts.StudentId is not { } studentId)
        {
            return Deny(Reasons.UnknownCard, direction);
        }

        var name = facts.FirstName;
        var entry = direction == Directions.In;
        if (entry && facts.OverrideId is { } overrideId
            && await overrides.UseAsync(connection, overrideId, deviceId, now, cancellationToken))
        {
            return Allow(Reasons.StaffOverride, direction, name);
        }

        if (facts.CardStatus is { } status && status != CardStatus.Active)
        {
            return Deny(Reasons.CardRevoked, direction, name);
        }

        if (facts.StudentSchoolId != facts.DeviceSchoolId)
        {
            return Deny(Reasons.WrongSchool, direction, name);
        }

        if (facts.Active == 0)
        {
            return Deny(Reasons.StudentInactive, direction, name);
        }

        var granted = facts.PassId is null ? Reasons.Ok : Reasons.TemporaryPass;
        if (!entry)
        {
            return Allow(granted, direction, name);
        }

        // 'yyyy-MM-dd' compares as the dates do.
        if (facts.ValidFrom is { } from && string.CompareOrdinal(todayText, from) < 0)
        {
            return Deny(Reasons.CardNotYetValid, direction, name);
        }

        if (facts.ValidUntil is { } until && string.CompareOrdinal(todayText, until) > 0)
        {
            return Deny(Reasons.CardExpired, direction, name);
        }

        var settings = facts.Settings;
        if (settings.CheckCalendar && !CalendarReasons.Classify(today, settings.SchoolWeek, facts.Holiday,
                facts.ExceptionalDay is { } exceptional ? exceptional != 0 : null, null).SchoolDay)
        {
            return Deny(Reasons.NotASchoolDay, direction, name);
        }

        if (settings.CheckShifts && !facts.EntryWindowOpen(local.Hour * 60 + local.Minute))
        {
            return Deny(Reasons.OutsideShift, direction, name);
        }

        // Presence of an earlier school day does not count: the day boundary resets it.
        if (settings.AntiPassback && facts.Inside == 1)
        {
            return Deny(Reasons.AntiPassback, direction, name);
        }

        return Allow(granted, direction, name);
    }

    private AccessVerdict Allow(string reason, string direction, string? firstName) =>
        new(true, reason, options.Value.OpenMs, firstName, LaneTexts.For(reason, direction, allow: true));

    private static AccessVerdict Deny(string reason, string direction, string? firstName = null) =>
        new(false, reason, 0, firstName, LaneTexts.For(reason, direction, allow: false));
}
