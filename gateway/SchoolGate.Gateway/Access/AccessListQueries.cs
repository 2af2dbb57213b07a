using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Cards;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Access;

/// <summary>The store side of offline access lists: which turnstiles a change touches, and what a school's list holds.</summary>
public sealed class AccessListQueries(IDbConnectionFactory db)
{
    public sealed record Turnstile(string DeviceId, long SchoolId);

    // Schools in a fixed order: a start-up pass over many schools is predictable in logs and tests.
    private const string OrderBy = " ORDER BY school_id, device_id";

    /// <summary>
    /// The same rule as <see cref="AccessDecider"/>: an active card of an active student of the
    /// school. Anything the decider would deny must stay out of the list.
    /// </summary>
    public async Task<IReadOnlyList<string>> ActiveCardsAsync(long schoolId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var cards = await connection.QueryAsync<string>("""
            SELECT c.card_id FROM cards c JOIN students s ON s.id = c.student_id
            WHERE s.school_id = @schoolId AND s.active = 1 AND c.status = @active
            """,
            new { schoolId, active = CardStatus.Active });
        return [.. cards];
    }

    /// <summary>Turnstiles of the schools the changed cards and students belong to, plus the named devices.</summary>
    public async Task<IReadOnlyList<Turnstile>> AffectedTurnstilesAsync(AccessListChanges changes, CancellationToken cancellationToken)
    {
        const string select = "SELECT device_id AS DeviceId, school_id AS SchoolId FROM devices WHERE kind = @turnstile";
        await using var connection = await db.OpenAsync(cancellationToken);
        if (changes.All)
        {
            return [.. await connection.QueryAsync<Turnstile>(select + OrderBy, new { turnstile = DeviceKinds.Turnstile })];
        }

        var sql = db.Dialect;
        var turnstiles = await connection.QueryAsync<Turnstile>(select + $"""
             AND ({sql.IsAnyOf("device_id", "@devices")}
               OR school_id IN (SELECT school_id FROM students WHERE {sql.IsAnyOf("id", "@students")})
               OR school_id IN (SELECT s.school_id FROM cards c JOIN students s ON s.id = c.student_id WHERE {sql.IsAnyOf("c.card_id", "@cards")}))
            """ + OrderBy,
            new
            {
                turnstile = DeviceKinds.Turnstile,
                devices = changes.Devices.ToArray(),
                students = changes.Students.ToArray(),
                cards = changes.Cards.ToArray(),
            });
        return [.. turnstiles];
    }
}
