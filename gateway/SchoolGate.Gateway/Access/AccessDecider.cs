using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Biometrics;
using SchoolGate.Gateway.Cards;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Access;

/// <summary>The decision and, when the card is known, whose card it is (first name for logs).</summary>
public sealed record AccessVerdict(bool Allow, string Reason, int OpenMs, string? StudentFirstName);

/// <summary>
/// Entry rules: a known turnstile, a known active card, an active student of that turnstile's
/// school. Anything else is denied (fail secure: an unknown card never opens the entry). A
/// fingerprint match (<c>fp:{templateId}</c>) is looked up among the active enrollments of the
/// turnstile that sent it, since template numbers are per module: the same <c>fp:N</c> from
/// another device is another finger, or none.
/// One indexed join per tap: SQLite answers it from the page cache in microseconds, and there
/// is no cache to go stale when the API revokes a card.
/// </summary>
public sealed class AccessDecider(IDbConnectionFactory db, IOptions<AccessOptions> options)
{
    private sealed record DeviceRow(long SchoolId, string Kind);

    private sealed record CardRow(string Status, long SchoolId, long Active, string FirstName);

    public async Task<AccessVerdict> DecideAsync(string deviceId, string cardId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var device = await connection.QuerySingleOrDefaultAsync<DeviceRow>(
            "SELECT school_id AS SchoolId, kind AS Kind FROM devices WHERE device_id = @deviceId", new { deviceId });
        if (device is null)
        {
            return Deny(Reasons.UnknownDevice);
        }

        // A bus validator or canteen terminal is registered (its id is fine) but does not guard an
        // entrance; saying so tells its operator to fix the registration, not to look for the device.
        if (device.Kind != DeviceKinds.Turnstile)
        {
            return Deny(Reasons.WrongDeviceKind);
        }

        CardRow? card;
        if (cardId.StartsWith(Credentials.FingerprintPrefix, StringComparison.Ordinal))
        {
            // Only 'active' opens: a revoked consent or removed enrollment is unknown from its commit on.
            card = Credentials.TryParseFingerprint(cardId, out var templateId)
                ? await connection.QuerySingleOrDefaultAsync<CardRow>("""
                    SELECT e.status AS Status, s.school_id AS SchoolId, s.active AS Active, s.first_name AS FirstName
                    FROM biometric_enrollments e JOIN students s ON s.id = e.student_id WHERE e.slot = @slot AND e.status = 'active'
                    """,
                    new { slot = TemplateRemoval.Slot(deviceId, templateId) })
                : null;
        }
        else
        {
            card = DeviceIds.IsValid(cardId)
                ? await connection.QuerySingleOrDefaultAsync<CardRow>("""
                    SELECT c.status AS Status, s.school_id AS SchoolId, s.active AS Active, s.first_name AS FirstName
                    FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @cardId
                    """,
                    new { cardId })
                : null;
        }
        if (card is null)
        {
            return Deny(Reasons.UnknownCard);
        }

        if (card.Status != CardStatus.Active)
        {
            return Deny(Reasons.CardRevoked, card.FirstName);
        }

        if (card.SchoolId != device.SchoolId)
        {
            return Deny(Reasons.WrongSchool, card.FirstName);
        }

        if (card.Active == 0)
        {
            return Deny(Reasons.StudentInactive, card.FirstName);
        }

        return new AccessVerdict(true, Reasons.Ok, options.Value.OpenMs, card.FirstName);
    }

    private static AccessVerdict Deny(string reason, string? firstName = null) => new(false, reason, 0, firstName);
}
