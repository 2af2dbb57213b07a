using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests.Delivery;

/// <summary>When a message may go, given what the guardian chose. Times are Almaty (UTC+5).</summary>
public sealed class ParentPreferencesTests
{
    private static readonly SchoolClock Clock = new(Options.Create(new SchoolOptions()), TimeProvider.System);
    private static readonly TimeOnly Digest = new(19, 0);

    // 16:30 UTC = 21:30 in Almaty.
    private static readonly DateTimeOffset Evening = new(2025, 3, 10, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public void NonUrgentMessageInsideQuietHoursWaitsForTheirEnd()
    {
        var quiet = new ParentPreferences(null, QuietFrom: 21 * 60, QuietTo: 7 * 60);

        // 07:00 the next morning in Almaty = 02:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 2, 0, 0, TimeSpan.Zero), quiet.NotBefore(DeliveryPriority.Attendance, Evening, Clock, Digest));
    }

    [Fact]
    public void SafetyMessageIgnoresQuietHoursAndTheDigest()
    {
        var quiet = new ParentPreferences(ParentPreferences.Digest, QuietFrom: 21 * 60, QuietTo: 7 * 60);

        Assert.Null(quiet.NotBefore(DeliveryPriority.Safety, Evening, Clock, Digest));
        Assert.Null(quiet.NotBefore(DeliveryPriority.Emergency, Evening, Clock, Digest));
    }

    [Fact]
    public void DigestModeHoldsACanteenPurchaseUntilTheDigestTime()
    {
        var digest = new ParentPreferences(ParentPreferences.Digest, null, null);
        var noon = new DateTimeOffset(2025, 3, 10, 7, 0, 0, TimeSpan.Zero); // 12:00 in Almaty

        // 19:00 in Almaty = 14:00 UTC, the same day.
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 14, 0, 0, TimeSpan.Zero), digest.NotBefore(DeliveryPriority.Canteen, noon, Clock, Digest));
    }

    [Fact]
    public void EachEventOutsideQuietHoursGoesAtOnce()
    {
        var daytime = new ParentPreferences(ParentPreferences.EachEvent, QuietFrom: 22 * 60, QuietTo: 6 * 60 + 30);

        Assert.Null(daytime.NotBefore(DeliveryPriority.Attendance, Evening.AddHours(-8), Clock, Digest));
    }
}
