using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Attendance;

public sealed class SchoolOptions
{
    public const string Section = "School";

    /// <summary>IANA zone of the schools; a school day is a local date in this zone.</summary>
    public string TimeZone { get; set; } = "Asia/Almaty";
}

/// <summary>Converts stored UTC instants into the schools' local dates and clock times.</summary>
public sealed class SchoolClock(IOptions<SchoolOptions> options, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public DateOnly Today => DayOf(time.GetUtcNow());

    /// <summary>The instants [From, To) of a school-local day.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Bounds(DateOnly day) =>
        (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone)),
         new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Zone)));
}
