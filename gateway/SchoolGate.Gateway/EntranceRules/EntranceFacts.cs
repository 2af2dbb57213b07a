using SchoolGate.Gateway.Schedule;

namespace SchoolGate.Gateway.EntranceRules;

/// <summary>
/// Everything one tap is decided on, read in one indexed query (<see cref="Sql"/>): the lane, the
/// card, the temporary pass the card is on today or the fingerprint enrollment, its student and class, the school's rule
/// settings, today's calendar entries, its shifts, the student's presence today and an open staff
/// override. Columns are null where there is nothing (no card, no rules row: the defaults).
/// </summary>
public sealed record EntranceFacts(
    long DeviceSchoolId, string Kind, long? StudentId, string? CardStatus, string? ValidFrom, string? ValidUntil, long? PassId,
    long? StudentSchoolId, long? Active, string? FirstName, long? ClassShift,
    long? SchoolWeek, long? CheckCalendar, long? CheckShifts, long? AntiPassback,
    long? ExceptionalDay, string? Holiday,
    long? Shift1Start, long? Shift1End, long? Shift1Opens, long? Shift2Start, long? Shift2End, long? Shift2Opens,
    long? Inside, long? OverrideId, long? EnrollmentId)
{
    /// <summary>
    /// Parameters: @deviceId, @cardId, @slot (a fingerprint's '{device}/{template}', else null), @today ('yyyy-MM-dd', school-local), @now (unix ms). The
    /// temporary pass is looked for only when the card is not a registered one; each subquery
    /// and join is a primary-key or index lookup.
    /// </summary>
    public const string Sql = """
        SELECT d.school_id AS DeviceSchoolId, d.kind AS Kind, s.id AS StudentId,
               c.status AS CardStatus, c.valid_from AS ValidFrom, c.valid_until AS ValidUntil, t.id AS PassId,
               s.school_id AS StudentSchoolId, s.active AS Active, s.first_name AS FirstName, cl.shift AS ClassShift,
               r.school_week AS SchoolWeek, r.check_calendar AS CheckCalendar, r.check_shifts AS CheckShifts, r.anti_passback AS AntiPassback,
               x.school_day AS ExceptionalDay,
               (SELECT h.name FROM school_holidays h
                WHERE h.school_id = d.school_id AND h.to_day >= @today AND h.from_day <= @today LIMIT 1) AS Holiday,
               s1.starts_at AS Shift1Start, s1.ends_at AS Shift1End, s1.entry_opens_before_minutes AS Shift1Opens,
               s2.starts_at AS Shift2Start, s2.ends_at AS Shift2End, s2.entry_opens_before_minutes AS Shift2Opens,
               p.inside AS Inside,
               (SELECT o.id FROM access_overrides o
                WHERE o.student_id = s.id AND o.school_id = d.school_id AND o.used_at IS NULL AND o.expires_at > @now
                  AND (o.device_id IS NULL OR o.device_id = d.device_id)
                ORDER BY o.id LIMIT 1) AS OverrideId,
               e.id AS EnrollmentId
        FROM devices d
        LEFT JOIN cards c ON c.card_id = @cardId
        LEFT JOIN temporary_passes t ON c.card_id IS NULL AND t.id =
            (SELECT MAX(tp.id) FROM temporary_passes tp WHERE tp.card_id = @cardId AND tp.expires_at > @now AND tp.issued_at <= @now)
        LEFT JOIN biometric_enrollments e ON e.slot = @slot AND e.status = 'active'
        LEFT JOIN students s ON s.id = COALESCE(c.student_id, t.student_id, e.student_id)
        LEFT JOIN classes cl ON cl.id = s.class_id
        LEFT JOIN school_rules r ON r.school_id = d.school_id
        LEFT JOIN school_days x ON x.school_id = d.school_id AND x.day = @today
        LEFT JOIN school_shifts s1 ON s1.school_id = d.school_id AND s1.shift = 1
        LEFT JOIN school_shifts s2 ON s2.school_id = d.school_id AND s2.shift = 2
        LEFT JOIN presence p ON p.student_id = s.id AND p.school_day = @today
        WHERE d.device_id = @deviceId
        """;

    public bool HasCardOrPass => CardStatus is not null || PassId is not null || EnrollmentId is not null;

    /// <summary>The school's shifts as configured, or the default one.</summary>
    public IReadOnlyList<ShiftTimes> Shifts
    {
        get
        {
            var shifts = new List<ShiftTimes>(2);
            if (Shift1Start is { } start1)
            {
                shifts.Add(new ShiftTimes(1, (int)start1, (int)Shift1End!.Value, (int)Shift1Opens!.Value));
            }

            if (Shift2Start is { } start2)
            {
                shifts.Add(new ShiftTimes(2, (int)start2, (int)Shift2End!.Value, (int)Shift2Opens!.Value));
            }

            return shifts.Count > 0 ? shifts : ShiftTimes.Defaults;
        }
    }

    /// <summary>The school-rules row, or the defaults when the school has none.</summary>
    public SchoolRuleSettings Settings => SchoolWeek is null
        ? SchoolRuleSettings.Defaults
        : SchoolRuleSettings.Defaults with
        {
            SchoolWeek = (int)SchoolWeek.Value, CheckCalendar = CheckCalendar != 0, CheckShifts = CheckShifts != 0, AntiPassback = AntiPassback != 0,
        };

    /// <summary>
    /// Entry is open to the student's class shift; a student without a class (or of a shift the
    /// school has not configured) may enter in any of the school's shifts.
    /// </summary>
    public bool EntryWindowOpen(int minuteOfDay)
    {
        var shifts = Shifts;
        var own = shifts.Where(s => s.Shift == ClassShift).ToList();
        return (own.Count > 0 ? own : shifts).Any(s => s.EntryOpenAt(minuteOfDay));
    }
}
