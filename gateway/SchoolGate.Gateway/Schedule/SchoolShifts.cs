using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Schedule;

/// <summary>A school's shifts as configured, or <see cref="ShiftTimes.Defaults"/> when it has none; and when a class counts as absent.</summary>
public sealed class SchoolShifts(IDbConnectionFactory db)
{
    public const string Columns =
        "shift AS Shift, starts_at AS StartsAt, ends_at AS EndsAt, entry_opens_before_minutes AS EntryOpensBeforeMinutes";

    private sealed record Row(long Shift, long StartsAt, long EndsAt, long EntryOpensBeforeMinutes)
    {
        public ShiftTimes ToShift() => new((int)Shift, (int)StartsAt, (int)EndsAt, (int)EntryOpensBeforeMinutes);
    }

    /// <summary>The configured shifts (empty when the school uses the defaults).</summary>
    public static async Task<IReadOnlyList<ShiftTimes>> ConfiguredAsync(DbConnection connection, long schoolId, DbTransaction? transaction = null) =>
        [.. (await connection.QueryAsync<Row>($"SELECT {Columns} FROM school_shifts WHERE school_id = @schoolId ORDER BY shift",
            new { schoolId }, transaction)).Select(r => r.ToShift())];

    public async Task<IReadOnlyList<ShiftTimes>> EffectiveAsync(long schoolId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var configured = await ConfiguredAsync(connection, schoolId);
        return configured.Count > 0 ? configured : ShiftTimes.Defaults;
    }

    /// <summary>
    /// The local time of day (minutes after midnight) after which a child of <paramref name="shift"/>
    /// (null: a child without a class, who belongs to the first shift) who has not come in is absent:
    /// the shift's start plus the school's absent_after minutes (default 60: 09:00 with the default shift).
    /// A shift the school does not have falls back to its first one.
    /// </summary>
    public async Task<int> AbsentAfterAsync(long schoolId, int? shift, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var configured = await ConfiguredAsync(connection, schoolId);
        var shifts = configured.Count > 0 ? configured : ShiftTimes.Defaults;
        var settings = await SchoolRuleSettings.LoadAsync(connection, schoolId);
        var own = shifts.FirstOrDefault(s => s.Shift == shift) ?? shifts[0];
        return Math.Min(own.StartsAt + settings.AbsentAfterMinutes, 24 * 60 - 1);
    }
}
