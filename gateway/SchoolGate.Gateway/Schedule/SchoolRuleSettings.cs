using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Schedule;

/// <summary>
/// A school's rule settings (school_rules; a school without a row has <see cref="Defaults"/>).
/// The calendar, shift and anti-passback checks are off until a school admin turns them on: an
/// upgraded gateway must not start refusing children at a school whose calendar nobody entered yet.
/// </summary>
/// <param name="SchoolWeek">Bit mask of the teaching days (see <see cref="Schedule.SchoolWeek"/>).</param>
/// <param name="AbsentAfterMinutes">A child of a class not in by this many minutes after its shift starts is absent.</param>
/// <param name="OverrideMinutes">How long a staff override waits for the child's entry.</param>
public sealed record SchoolRuleSettings(int SchoolWeek, bool CheckCalendar, bool CheckShifts, bool AntiPassback, int AbsentAfterMinutes,
    int OverrideMinutes)
{
    public static SchoolRuleSettings Defaults { get; } = new(Schedule.SchoolWeek.Default, false, false, false, 60, 10);

    /// <summary>The columns of school_rules as this record's members (prefix the table alias, e.g. "r.").</summary>
    public static string Columns(string alias) => $"""
        {alias}school_week AS SchoolWeek, {alias}check_calendar AS CheckCalendar, {alias}check_shifts AS CheckShifts,
        {alias}anti_passback AS AntiPassback, {alias}absent_after_minutes AS AbsentAfterMinutes, {alias}override_minutes AS OverrideMinutes
        """;

    public static async Task<SchoolRuleSettings> LoadAsync(DbConnection connection, long schoolId, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns("")} FROM school_rules WHERE school_id = @schoolId",
            new { schoolId }, transaction) is { } row
            ? row.ToSettings()
            : Defaults;

    public Task SaveAsync(DbConnection connection, long schoolId, DbTransaction transaction) =>
        connection.ExecuteAsync("""
            INSERT INTO school_rules (school_id, school_week, check_calendar, check_shifts, anti_passback, absent_after_minutes, override_minutes)
            VALUES (@schoolId, @SchoolWeek, @calendar, @shifts, @antiPassback, @AbsentAfterMinutes, @OverrideMinutes)
            ON CONFLICT (school_id) DO UPDATE SET school_week = excluded.school_week, check_calendar = excluded.check_calendar,
                check_shifts = excluded.check_shifts, anti_passback = excluded.anti_passback,
                absent_after_minutes = excluded.absent_after_minutes, override_minutes = excluded.override_minutes
            """,
            new
            {
                schoolId, SchoolWeek, AbsentAfterMinutes, OverrideMinutes,
                calendar = CheckCalendar ? 1 : 0, shifts = CheckShifts ? 1 : 0, antiPassback = AntiPassback ? 1 : 0,
            },
            transaction);

    /// <summary>As read by Dapper (64-bit integers on both stores).</summary>
    internal sealed record Row(long SchoolWeek, long CheckCalendar, long CheckShifts, long AntiPassback, long AbsentAfterMinutes,
        long OverrideMinutes)
    {
        public SchoolRuleSettings ToSettings() => new((int)SchoolWeek, CheckCalendar != 0, CheckShifts != 0, AntiPassback != 0,
            (int)AbsentAfterMinutes, (int)OverrideMinutes);
    }
}
